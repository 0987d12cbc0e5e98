package org.ecmomonitor.ingest;

import java.util.List;

/**
 * Told about samples and context once ingest has taken them for storage (the device is acknowledged only after
 * they are stored), in each connection's order, on the collector's thread. Implementations must return quickly
 * (hand off to their own thread) and never throw.
 */
public interface IngestListener {
    /**
     * @param receivedMillis when ingest took the message, by the server's clock (alert-rules.md Time: the receipt
     *     time, which the engine clock and silence run on; a sample's {@code ts} is the device's clock)
     */
    void onSamples(List<Sample> samples, long receivedMillis);

    /**
     * Samples ingest took (and stores) from a device that is not the bed's source of their signal
     * ({@link SignalSources}): not to be judged nor shown as the bed's value; and the notices of the message, one per
     * bed, signal and pair of devices, including hand-overs (whose samples came through {@link #onSamples}). Told
     * after {@link #onSamples} of the same message.
     */
    default void onOtherSources(List<Sample> notJudged, List<SourceNotice> notices, long receivedMillis) {
    }

    void onContext(ContextUpdate update, long receivedMillis);

    /**
     * Ingest started refusing device messages ({@code refusing}: its write queue is full, the store being down or
     * too slow, so no sample reaches anyone for any bed) or takes them again. Told once per change, from the
     * thread whose message changed it.
     */
    default void onRefusing(boolean refusing, long atMillis) {
    }
}
