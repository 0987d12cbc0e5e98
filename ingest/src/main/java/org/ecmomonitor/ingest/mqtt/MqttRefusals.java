package org.ecmomonitor.ingest.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Connections and CONNECTs the endpoint refused, by reason: {@code ecmo_mqtt_refused_total{reason}}. */
final class MqttRefusals {
    enum Reason {
        BAD_CREDENTIALS("bad_credentials"),
        ANONYMOUS("anonymous"),
        RATE_LIMITED("rate_limited"),
        SIGN_IN_BUSY("sign_in_busy"),
        CLIENT_ID_TOO_LONG("client_id_too_long"),
        CLIENT_ID_OWNED("client_id_owned"),
        SESSIONS_FULL("sessions_full"),
        CONNECTIONS_FULL("connections_full"),
        CONNECT_TIMEOUT("connect_timeout");

        final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    MqttRefusals(MeterRegistry meters) {
        for (Reason r : Reason.values()) {
            counters.put(r, Counter.builder("ecmo.mqtt.refused")
                    .description("MQTT connections refused before or at CONNECT, by reason").tag("reason", r.wireName)
                    .register(meters));
        }
    }

    void count(Reason r) {
        counters.get(r).increment();
    }
}
