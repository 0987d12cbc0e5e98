package org.ecmomonitor.alerts.esper;

/**
 * Every sample, valid or not, for the technical rules.
 *
 * @param staleSeconds the signal's stale limit (signals.md), 0 for event signals
 * @param gapMillis time since the bed's previous sample of this signal (0 for the first)
 */
public record SampleSeen(String bed, String signal, long t, boolean artifact, int staleSeconds, long gapMillis) {
}
