package org.ecmomonitor.alerts.lifecycle;

/**
 * A rule's conditions judged at one evaluation instant of a bed (an EPL RuleSignal).
 *
 * @param stage "" for the rule's own condition, "band:high" for a priority band, "clear" for an immediate clear
 * @param raise null counts as false (a statistic the rule needs was undefined)
 * @param broken a valid-sample gap longer than the signal's stale limit ended at this instant
 */
public record Condition(String bed, String rule, String key, String stage, String priority, long t, Boolean raise,
                        Boolean clear, long raiseHoldMillis, long clearHoldMillis, boolean broken, double value,
                        String raiseMessage, String clearMessage) {

    public boolean raising() {
        return Boolean.TRUE.equals(raise);
    }

    public boolean clearing() {
        return Boolean.TRUE.equals(clear);
    }
}
