package org.ecmomonitor.alerts.esper;

/**
 * The circuit at one evaluation instant of a bed; a statistic is null when its window holds no valid sample.
 *
 * @param mode the bed's {@code ecmo_mode}, or null when the context has none
 * @param broken a valid-sample gap longer than the stale limit of ecmo_flow or ecmo_speed ended here
 */
public record CircuitEval(String bed, long t, String mode, Double flowMedian10s, Double flowMean10s,
                          Double flowMedian5min, Double speedMedian10s, Double speedMedian5min, double flowMin,
                          boolean broken) {
}
