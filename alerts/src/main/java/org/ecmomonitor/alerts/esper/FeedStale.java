package org.ecmomonitor.alerts.esper;

/**
 * A signal of a bed that has had no sample for longer than its stale limit, reported once per silence by the bed's
 * evaluation instants (its sample times and the engine's ticks): the fact the FEED_STALE rule judges. Found in Java
 * rather than by an EPL timer per bed and signal, whose schedule (tens of thousands of timers restarted by every
 * sample) cost the engine more than all other rules together at 3,000 beds.
 *
 * @param staleSeconds the signal's stale limit (signals.md)
 */
public record FeedStale(String bed, String signal, long t, int staleSeconds) {
}
