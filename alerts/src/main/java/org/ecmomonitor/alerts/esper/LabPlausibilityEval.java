package org.ecmomonitor.alerts.esper;

/**
 * Whether a bed's latest result of one lab signal, by observation time, lies inside the signal's plausible range
 * (signals.md), for LAB_IMPLAUSIBLE. Sent when a result becomes the latest of its signal (or corrects it); a result
 * outside the range is stored and flagged but reaches no physiological rule.
 *
 * @param signal the signal's wire name (the technical alert's key)
 * @param unit the canonical unit the value is in
 */
public record LabPlausibilityEval(String bed, String signal, long t, double value, String unit, double plausibleMin,
                                  double plausibleMax, boolean plausible) {
}
