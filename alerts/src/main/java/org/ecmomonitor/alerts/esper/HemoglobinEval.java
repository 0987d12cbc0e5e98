package org.ecmomonitor.alerts.esper;

/** A bed's latest hemoglobin result by observation time and the highest of the 48 h before it (g/dL). */
public record HemoglobinEval(String bed, long t, double latest, double max48h) {
}
