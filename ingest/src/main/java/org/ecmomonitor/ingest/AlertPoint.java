package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * An alert event in the shape of the contract §6 {@code alerts} measurement: tags bed, rule, priority, event;
 * fields message and value; the event's time. Ingest stores it without knowing what the alert means.
 */
public record AlertPoint(long tsMillis, String bed, String rule, String priority, String event, String message,
                         double value) {
    public AlertPoint {
        Objects.requireNonNull(bed, "bed");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(message, "message");
    }
}
