package org.ecmomonitor.alerts;

import java.util.Objects;

/**
 * An alert as the board and the API show it (contract §3).
 *
 * @param acknowledgedAtMillis null until acknowledged; likewise acknowledgedBy and clearedAtMillis
 */
public record Alert(long id, String bed, Rule rule, String key, Priority priority, AlertState state,
                    long raisedAtMillis, Long acknowledgedAtMillis, String acknowledgedBy, String ackComment,
                    Long clearedAtMillis, double value, String message) {

    public Alert {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(state, "state");
    }

    public AlertKind kind() {
        return rule.kind();
    }

    public boolean open() {
        return state != AlertState.CLEARED;
    }
}
