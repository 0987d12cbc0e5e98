package org.ecmomonitor.alerts.esper;

import java.util.Objects;

/**
 * The one thing every rule statement produces (EPL {@code insert into RuleSignal select ...}, built by Esper through
 * this constructor): a rule's raise and clear conditions judged at one evaluation instant of one bed, with how long
 * each must hold (alert-rules.md "C held for D"). The Java hold tracker turns held conditions into alert events;
 * the lifecycle applies latching and parents.
 *
 * @param key the alert's sub-key: a signal or device for technical rules per signal or device, else ""
 * @param priority the wire name of the priority the alert (or, for {@link Stage#BAND}, the band) has
 * @param t the instant judged: an aligned sample time, a tick, or a result's observation time
 * @param raise null when a statistic the rule needs is undefined (counts as not raising)
 * @param broken a valid-sample gap longer than the signal's stale limit ended at this instant
 * @param value the deciding value, rounded to 4 decimals (a mean of 3.2s is 3.2, not 3.1999999999999997)
 */
public record RuleSignal(String bed, String rule, String key, Stage stage, String priority, long t, Boolean raise,
                         Boolean clear, long raiseHoldMillis, long clearHoldMillis, boolean broken, double value,
                         String raiseMessage, String clearMessage) {

    public RuleSignal {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(priority, "priority");
        value = Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : 0;
    }

    public boolean raising() {
        return Boolean.TRUE.equals(raise);
    }

    public boolean clearing() {
        return Boolean.TRUE.equals(clear);
    }
}
