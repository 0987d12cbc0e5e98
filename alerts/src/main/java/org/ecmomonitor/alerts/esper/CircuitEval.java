package org.ecmomonitor.alerts.esper;

/**
 * The circuit at one evaluation instant of a bed; a statistic is null when its window holds no valid sample.
 *
 * @param mode the bed's {@code ecmo_mode}, or null when the context has none (judged as running)
 * @param flowBroken ecmo_flow had no valid sample for longer than twice its stale limit before this instant;
 *     likewise speedBroken and pVenousBroken
 * @param flowMedian5min30minAgo median5min(ecmo_flow) 30 min before {@code t} (ECMO_FLOW_DECLINE's reference R),
 *     null until the bed has that history; likewise speedMedian5min30minAgo
 */
public record CircuitEval(String bed, long t, String mode, Double flowMedian10s, Double flowMean10s,
                          Double flowMedian5min, Double speedMedian10s, Double speedMedian5min, double flowMin,
                          boolean flowBroken, boolean speedBroken, Double pVenousMedian10s, boolean pVenousBroken,
                          Double flowMedian5min30minAgo, Double speedMedian5min30minAgo) {
}
