package org.ecmomonitor.alerts.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.Rule;

/**
 * An alert event as one JSON object, in the contract §2 field order: at, bed, rule, priority, kind, event, value,
 * message; then, where they apply, {@code observedAt} (the observation time of the lab result or backlog sample
 * that decided the event, alert-rules.md Time 4 and 5), the key of a technical alert ({@code device} for
 * {@code DEVICE_CLOCK}, whose key is a device; {@code signal} for the others) and the escalation level. The same
 * text goes to replay output and to MQTT ({@code alerts/{bed}/{rule}}, contract §4).
 */
public final class AlertEventJson {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertEventJson() {
    }

    public static String toJson(AlertEvent e) {
        StringWriter w = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("at", e.at().toString());
            g.writeStringField("bed", e.bed());
            g.writeStringField("rule", e.rule().name());
            g.writeStringField("priority", e.priority().wireName());
            g.writeStringField("kind", e.kind().wireName());
            g.writeStringField("event", e.event().wireName());
            g.writeNumberField("value", e.value());
            g.writeStringField("message", e.message());
            if (e.observedAtMillis() != null) {
                g.writeStringField("observedAt", e.observedAt().toString());
            }
            if (!e.key().isEmpty()) {
                g.writeStringField(keyField(e.rule()), e.key());
            }
            if (e.event() == AlertEventType.ESCALATED) {
                g.writeNumberField("level", e.level());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return w.toString();
    }

    /** The name under which an alert's key is written: a DEVICE_CLOCK alert is per device, the others per signal. */
    public static String keyField(Rule rule) {
        return rule == Rule.DEVICE_CLOCK ? "device" : "signal";
    }
}
