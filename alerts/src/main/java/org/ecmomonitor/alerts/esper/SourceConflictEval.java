package org.ecmomonitor.alerts.esper;

/**
 * Two devices report one continuous signal of a bed (issue 14 item 2; ingest's SignalSources chose the bed's
 * source), judged by SIGNAL_SOURCE_CONFLICT. Sent by the engine (Java, {@code eval.SourceConflicts}) when a
 * conflict begins ({@code conflict}), when the source changes (a hand-over: the conflict is closed and raised
 * again, so that it is announced), and when it ends: the device that is not judged silent for longer than the
 * signal's stale limit.
 *
 * @param judged the bed's source of the signal (the device the rules judge and the board shows)
 * @param other the device whose samples of the signal are stored but not judged
 * @param handOver {@code judged} became the source because {@code other}, the source until then, fell silent
 * @param staleSeconds the signal's stale limit (signals.md)
 */
public record SourceConflictEval(String bed, String signal, long t, String judged, String other, boolean handOver,
                                 boolean conflict, int staleSeconds) {
}
