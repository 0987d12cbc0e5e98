package org.ecmomonitor.alerts.esper;

/**
 * Limb NIRS at one evaluation instant of a bed whose cannula side is known.
 *
 * @param cannulated30s median30s of the cannulated leg's valid NIRS
 * @param contralateral30s the other leg's, or null when its window is empty
 * @param cannulatedBaseline from the context, else the median of the first 30 min of valid readings; null until known
 */
public record NirsEval(String bed, long t, String side, double cannulated30s, Double contralateral30s,
                       Double cannulatedBaseline, Double contralateralBaseline, boolean broken) {
}
