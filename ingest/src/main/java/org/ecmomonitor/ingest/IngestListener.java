package org.ecmomonitor.ingest;

import java.util.List;

/**
 * Told about samples and context once they are durably stored, in arrival order, on the ingest writer thread.
 * Implementations must return quickly (hand off to their own thread) and never throw.
 */
public interface IngestListener {
    void onSamples(List<Sample> samples);

    void onContext(ContextUpdate update);
}
