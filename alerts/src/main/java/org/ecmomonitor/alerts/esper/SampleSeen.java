package org.ecmomonitor.alerts.esper;

/**
 * A sample, valid or not, for the technical rules: every sample of the signals they judge per sample (MAP, NIRS),
 * and of the others the first after a reported silence.
 *
 * @param staleSeconds the signal's stale limit (signals.md), 0 for event signals
 * @param gapMillis time since the bed's previous sample of this signal (0 for the first)
 * @param resumed the first sample of the signal after it was reported silent ({@link FeedStale})
 */
public record SampleSeen(String bed, String signal, long t, boolean artifact, int staleSeconds, long gapMillis,
                         boolean resumed) {
}
