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
 * @param observedAtMillis the observation time of the result or sample that decided the event, when it is not the
 *     engine clock's {@code atMillis}: a lab or charted result (its {@code ts}: "drawn 07:20, reported 08:05") or
 *     a backlog of continuous samples judged after the fact (alert-rules.md Time 4 and 5); null otherwise
 */
public record AlertEvent(long alertId, long atMillis, String bed, Rule rule, String key, Priority priority,
                         AlertEventType event, double value, String message, int level, Long observedAtMillis) {

    /** An event decided by data of its own time (no {@code observedAt}). */
    public AlertEvent(long alertId, long atMillis, String bed, Rule rule, String key, Priority priority,
                      AlertEventType event, double value, String message, int level) {
        this(alertId, atMillis, bed, rule, key, priority, event, value, message, level, null);
    }

    public AlertEvent {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(message, "message");
    }

    /** The observation time as an Instant, or null (see {@code observedAtMillis}). */
    public Instant observedAt() {
        return observedAtMillis == null ? null : Instant.ofEpochMilli(observedAtMillis);
    }

    public Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }

    public AlertKind kind() {
        return rule.kind();
    }
}
