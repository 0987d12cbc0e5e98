package org.ecmomonitor.alerts.esper;

/**
 * The bed's latest lactate result by observation time, with what the lactate rules compare it to. Sent whenever
 * a result arrives (also a late or corrected one), so the rules always judge the latest result.
 *
 * @param previous the result before it by observation time, or null
 * @param index the lactate rules' L0 for NOT_CLEARING: among the results before this one, the first ≥ the index
 *     threshold since the last result under it; null when the result before this one is under it, or when that
 *     first result is more than 24 h before this one (alert-rules.md v2: an older index is no index)
 */
public record LactateResult(String bed, long t, double value, String specimen, Double previous, Long previousT,
                            String previousSpecimen, Double index, Long indexT) {
}
