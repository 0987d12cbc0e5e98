package org.ecmomonitor.alerts.esper;

/**
 * Hemodynamics at one evaluation instant of a bed: median10s(map) of valid samples, the bed's MAP target, and the
 * 30 s medians of systolic and diastolic pressure for the pulse pressure; a statistic is null when its window
 * holds no valid sample.
 *
 * @param broken map had no valid sample for longer than twice its stale limit before this instant
 * @param pulseBroken likewise sbp or dbp
 * @param config the bed's {@code ecmo_config} ({@code va} when the context has none)
 */
public record MapEval(String bed, long t, Double median10s, double target, boolean broken, Double sbp30s,
                      Double dbp30s, boolean pulseBroken, String config) {
}
