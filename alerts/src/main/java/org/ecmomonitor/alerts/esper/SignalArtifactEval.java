package org.ecmomonitor.alerts.esper;

/**
 * A continuous signal without a dedicated artifact rule (all but map and NIRS) judged for SIGNAL_ARTIFACT: how long
 * its samples have been only artifacts, or only valid, up to {@code t}. Sent at most once a second per signal while
 * an artifact run is under way and for a while after it, so that the many signals that never have one cost nothing.
 *
 * @param artifactMillis aligned time since the first artifact of the current run (0 when the last sample was valid)
 * @param validMillis aligned time since the first valid sample after the last artifact (0 during a run)
 */
public record SignalArtifactEval(String bed, String signal, long t, long artifactMillis, long validMillis) {
}
