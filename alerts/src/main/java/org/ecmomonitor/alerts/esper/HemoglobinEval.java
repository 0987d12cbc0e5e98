package org.ecmomonitor.alerts.esper;

/**
 * A bed's latest hemoglobin result by observation time, the highest of the 48 h before it (g/dL), and the red cell
 * units transfused after that highest result up to the latest one, by observation time (alert-rules.md HB_DROP v2:
 * 1 unit counts as 1 g/dL, BARC).
 */
public record HemoglobinEval(String bed, long t, double latest, double max48h, double unitsAfterMax) {
}
