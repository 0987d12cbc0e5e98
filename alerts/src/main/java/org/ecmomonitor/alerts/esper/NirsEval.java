package org.ecmomonitor.alerts.esper;

/**
 * Limb NIRS at one evaluation instant of a bed whose cannula side is known.
 *
 * @param config the bed's {@code ecmo_config} ({@code va} when the context has none): limb rules run on va only
 * @param cannulated30s median30s of the cannulated leg's valid NIRS
 * @param contralateral30s the other leg's, or null when its window is empty
 * @param cannulatedBaseline from the context, else the median of the first 30 min of valid readings; null until known
 * @param cannulatedBroken the cannulated leg had no valid sample for longer than twice its stale limit; likewise
 *     contralateralBroken (a gap in one leg never restarts a hold on the other)
 */
public record NirsEval(String bed, long t, String side, String config, double cannulated30s,
                       Double contralateral30s, Double cannulatedBaseline, Double contralateralBaseline,
                       boolean cannulatedBroken, boolean contralateralBroken) {
}
