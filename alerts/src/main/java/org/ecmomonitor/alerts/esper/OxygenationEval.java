package org.ecmomonitor.alerts.esper;

/**
 * Oxygenation at one evaluation instant of a bed: the right-hand SpO2 (DIFFERENTIAL_HYPOXIA) and the
 * oxygenator's pressure drop (OXYGENATOR_DP_HIGH); a statistic is null when its window holds no valid sample.
 *
 * @param config the bed's {@code ecmo_config} ({@code va} when the context has none)
 * @param mode the bed's {@code ecmo_mode}, or null (judged as running)
 * @param dp5min median5min(ecmo_p_pre) - median5min(ecmo_p_post), null without both
 * @param dpBaseline the median ΔP of the first 6 h of both signals (or of the 6 h since {@code
 *     oxygenator_changed_at}), null until those 6 h have passed
 * @param spo2Broken spo2_right_hand had no valid sample for longer than twice its stale limit; likewise dpBroken
 *     for either pressure
 */
public record OxygenationEval(String bed, long t, String config, String mode, Double spo2Median30s, boolean spo2Broken,
                              Double dp5min, Double dpBaseline, boolean dpBroken) {
}
