package org.ecmomonitor.alerts.esper;

/**
 * Red cell units a bed received in the 24 h of observation time before the engine clock (alert-rules.md Time 5):
 * judged when a transfusion arrives (t = its observation time) and when one leaves the window (t = the engine
 * clock). A transfusion delivered twice (the same time) counts once.
 */
public record TransfusionEval(String bed, long t, double units24h) {
    /** The window TRANSFUSION_BURDEN sums over. */
    public static final long WINDOW_MILLIS = 24 * 3_600_000L;
}
