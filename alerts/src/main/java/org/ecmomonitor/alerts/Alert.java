package org.ecmomonitor.alerts;

import java.util.Objects;

/**
 * An alert as the board and the API show it (contract §3).
 *
 * @param acknowledgedAtMillis null until acknowledged; likewise acknowledgedBy and clearedAtMillis
 * @param level escalation level of an unacknowledged alert: 1, then 2 and 3 (alert-rules.md)
 * @param observedAtMillis when the result or sample that raised it was observed, where that is not its raise time
 *     (a lab drawn before it was reported, a backlog); null otherwise
 */
public record Alert(long id, String bed, Rule rule, String key, Priority priority, AlertState state,
                    long raisedAtMillis, Long acknowledgedAtMillis, String acknowledgedBy, String ackComment,
                    Long clearedAtMillis, double value, String message, int level, Long observedAtMillis) {

    /** An alert raised by data of its own time (no {@code observedAt}). */
    public Alert(long id, String bed, Rule rule, String key, Priority priority, AlertState state,
                 long raisedAtMillis, Long acknowledgedAtMillis, String acknowledgedBy, String ackComment,
                 Long clearedAtMillis, double value, String message, int level) {
        this(id, bed, rule, key, priority, state, raisedAtMillis, acknowledgedAtMillis, acknowledgedBy, ackComment,
                clearedAtMillis, value, message, level, null);
    }

    public Alert {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(state, "state");
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("escalation level must be 1..3");
        }
    }

    public AlertKind kind() {
        return rule.kind();
    }

    public boolean open() {
        return state != AlertState.CLEARED;
    }

    public Alert withId(long newId) {
        return new Alert(newId, bed, rule, key, priority, state, raisedAtMillis, acknowledgedAtMillis, acknowledgedBy,
                ackComment, clearedAtMillis, value, message, level, observedAtMillis);
    }

    public Alert acknowledged(long atMillis, String user, String comment) {
        return new Alert(id, bed, rule, key, priority, AlertState.ACKNOWLEDGED, raisedAtMillis, atMillis, user,
                comment, null, value, message, level, observedAtMillis);
    }

    /** Back to active after an acknowledgement (re-activation), at level 1. */
    public Alert reactivated() {
        return new Alert(id, bed, rule, key, priority, AlertState.ACTIVE, raisedAtMillis, null, null, null, null,
                value, message, 1, observedAtMillis);
    }

    public Alert escalatedTo(int newLevel) {
        return new Alert(id, bed, rule, key, priority, state, raisedAtMillis, acknowledgedAtMillis, acknowledgedBy,
                ackComment, clearedAtMillis, value, message, newLevel, observedAtMillis);
    }

    public Alert cleared(long atMillis, double lastValue) {
        return new Alert(id, bed, rule, key, priority, AlertState.CLEARED, raisedAtMillis, acknowledgedAtMillis,
                acknowledgedBy, ackComment, atMillis, lastValue, message, level, observedAtMillis);
    }

    public Alert reprioritised(Priority newPriority, double newValue, String newMessage) {
        return new Alert(id, bed, rule, key, newPriority, state, raisedAtMillis, acknowledgedAtMillis,
                acknowledgedBy, ackComment, clearedAtMillis, newValue, newMessage, level, observedAtMillis);
    }
}
