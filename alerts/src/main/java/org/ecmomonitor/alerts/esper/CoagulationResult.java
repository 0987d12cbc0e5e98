package org.ecmomonitor.alerts.esper;

/**
 * A bed's latest result of a coagulation lab ({@code pfhb}, {@code platelets}, {@code anti_xa}) by observation
 * time, for the rules of coagulation.epl. Sent when a result becomes its signal's latest (or corrects it), and for
 * the latest anti-Xa again when the bed's target range changes.
 *
 * @param signal the lab's wire name
 * @param antiXaMin the bed's anti-Xa target range (context, 0.3-0.7 IU/mL when it has none)
 */
public record CoagulationResult(String bed, String signal, long t, double value, double antiXaMin,
                                double antiXaMax) {
}
