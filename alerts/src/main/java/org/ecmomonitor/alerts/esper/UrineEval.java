package org.ecmomonitor.alerts.esper;

/**
 * A bed's hourly urine output after a new sample or a context change: means of the last 6, 12 and 24 samples
 * (mL/h; null until that many samples are in), the latest and previous sample, whether the last 12 are all zero,
 * and the context the KDIGO rules need.
 *
 * @param weightKg null when the context has no weight (the weight-indexed rules then do not run; anuria is judged
 *     without it, and under 34 kg UO_LOW's limit is per kg)
 */
public record UrineEval(String bed, long t, double latest, Double previous, Double mean6, Double mean12,
                        Double mean24, boolean last12AllZero, Double weightKg, boolean crrt) {
}
