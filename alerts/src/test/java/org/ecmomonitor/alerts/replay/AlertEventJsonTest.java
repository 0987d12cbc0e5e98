package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.junit.jupiter.api.Test;

/** The replay line and MQTT alert message (contract §2 and §4), field by field and in order. */
class AlertEventJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REPORTED = Instant.parse("2026-11-21T08:05:00Z").toEpochMilli();
    private static final long DRAWN = Instant.parse("2026-11-21T07:20:00Z").toEpochMilli();

    @Test
    void anEventOfItsOwnTimeIsTheContractExampleWithoutObservedAt() {
        AlertEvent e = new AlertEvent(7, Instant.parse("2026-11-21T08:15:05Z").toEpochMilli(), "B1", Rule.MAP_LOW, "",
                Priority.MEDIUM, AlertEventType.RAISED, 61.0, "MAP 61 mmHg below target 65 for 5 min", 1);
        assertThat(AlertEventJson.toJson(e)).isEqualTo("{\"at\":\"2026-11-21T08:15:05Z\",\"bed\":\"B1\","
                + "\"rule\":\"MAP_LOW\",\"priority\":\"medium\",\"kind\":\"physiological\",\"event\":\"raised\","
                + "\"value\":61.0,\"message\":\"MAP 61 mmHg below target 65 for 5 min\"}");
    }

    @Test
    void aLabEventCarriesItsObservationTimeRightAfterTheMessage() throws Exception {
        AlertEvent e = new AlertEvent(8, REPORTED, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM,
                AlertEventType.RAISED, 4.2, "lactate 4.2 mmol/L", 1, DRAWN);
        String text = AlertEventJson.toJson(e);
        assertThat(text).endsWith("\"message\":\"lactate 4.2 mmol/L\",\"observedAt\":\"2026-11-21T07:20:00Z\"}");
        JsonNode n = JSON.readTree(text);
        assertThat(n.get("at").asText()).isEqualTo("2026-11-21T08:05:00Z");
        assertThat(n.has("signal")).isFalse();
        assertThat(n.has("device")).isFalse();
    }

    @Test
    void anObservationTimeWithMillisecondsKeepsThem() throws Exception {
        AlertEvent e = new AlertEvent(9, REPORTED, "B5", Rule.ECMO_FLOW_LOW, "", Priority.HIGH,
                AlertEventType.RAISED, 1.2, "ECMO flow 1.2 L/min (data 3 min old)", 1, DRAWN + 250);
        assertThat(JSON.readTree(AlertEventJson.toJson(e)).get("observedAt").asText())
                .isEqualTo("2026-11-21T07:20:00.250Z");
    }

    @Test
    void aDeviceClockEventNamesItsDeviceNotASignal() throws Exception {
        AlertEvent e = new AlertEvent(10, REPORTED, "B3", Rule.DEVICE_CLOCK, "console-b3", Priority.LOW,
                AlertEventType.RAISED, 42.0, "console-b3 clock 42 s behind the server", 1);
        String text = AlertEventJson.toJson(e);
        assertThat(text).endsWith("\"message\":\"console-b3 clock 42 s behind the server\",\"device\":\"console-b3\"}");
        assertThat(JSON.readTree(text).has("signal")).isFalse();
        assertThat(JSON.readTree(text).get("kind").asText()).isEqualTo("technical");
    }

    @Test
    void aPerSignalTechnicalEventStillNamesItsSignalAfterObservedAtAndBeforeTheLevel() {
        AlertEvent e = new AlertEvent(11, REPORTED, "B2", Rule.FEED_STALE, "ecmo_flow", Priority.MEDIUM,
                AlertEventType.ESCALATED, 0, "no ecmo_flow for over 10 s", 2, DRAWN);
        assertThat(AlertEventJson.toJson(e)).endsWith("\"message\":\"no ecmo_flow for over 10 s\","
                + "\"observedAt\":\"2026-11-21T07:20:00Z\",\"signal\":\"ecmo_flow\",\"level\":2}");
    }
}
