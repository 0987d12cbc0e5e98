package org.ecmomonitor.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to an alert: the contract §2 replay line, the contract §4 MQTT message, a row of the
 * history, a point of the {@code alerts} measurement.
 *
 * @param alertId the alert it belongs to (0 for a suppressed child, which opens no alert)
 * @param key the alert's sub-key (the signal of a technical alert per signal), or "" when the rule has one per bed
 * @param level escalation level (1 when not escalated)
 */
public record AlertEvent(long alertId, long atMillis, String bed, Rule rule, String key, Priority priority,
                         AlertEventType event, double value, String message, int level) {

    public AlertEvent {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(message, "message");
    }

    public Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }

    public AlertKind kind() {
        return rule.kind();
    }
}
