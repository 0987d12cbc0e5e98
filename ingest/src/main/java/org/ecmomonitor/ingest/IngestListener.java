package org.ecmomonitor.ingest;

import java.util.List;

/**
 * Told about samples and context once ingest has taken them for storage (the device is acknowledged only after
 * they are stored), in each connection's order, on the collector's thread. Implementations must return quickly
 * (hand off to their own thread) and never throw.
 */
public interface IngestListener {
    void onSamples(List<Sample> samples);

    void onContext(ContextUpdate update);
}
