package org.ecmomonitor.alerts.esper;

/**
 * What HYPOPERFUSION needs beyond the open rules: minutes with median10s(map) below the bed's target within the
 * last 2 h, and the highest lactate observed within the last 6 h (null when none).
 */
public record PerfusionEval(String bed, long t, double mapBelowTargetMinutes2h, Double maxLactate6h) {
}
