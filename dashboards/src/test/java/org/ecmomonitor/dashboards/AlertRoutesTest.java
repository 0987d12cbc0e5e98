package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/alerts and the alarm-burden figures over real HTTP on a free port. */
class AlertRoutesTest {
    private final InMemoryAlertRepository alerts = new InMemoryAlertRepository();
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private ApiServer server;
    private ApiServer.Client nurse;
    private SqliteSampleStore store;

    @BeforeEach
    void start() throws Exception {
        alerts.create(new Alert(0, "B1", Rule.MAP_LOW, "", Priority.MEDIUM, AlertState.ACTIVE, 1000, null, null, null,
                null, 61, "MAP 61 mmHg below target 65 for 5 min", 1));
        alerts.create(new Alert(0, "B2", Rule.FEED_STALE, "ecmo_flow", Priority.MEDIUM, AlertState.CLEARED, 2000, null,
                null, null, 3000L, 10, "no ecmo_flow for over 10 s", 1));
        alerts.create(new Alert(0, "B1", Rule.LACTATE_HIGH, "", Priority.LOW, AlertState.ACKNOWLEDGED, 3000, 4000L,
                "nurse.anna", "drawn again", null, 2.4, "lactate 2.4 mmol/L", 1));
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("1970-01-02T00:00:00Z"),
                java.time.ZoneOffset.UTC);
        // B1 was monitored for the first 6 h of 1 January (MAP every 30 s): a quarter of a bed-day; B2 never sent
        // a continuous signal
        store = new SqliteSampleStore(dir.resolve("samples.db"), clock, java.time.Duration.ofDays(30));
        List<Sample> samples = new ArrayList<>();
        for (long t = 0; t < 6 * 3_600_000; t += 30_000) {
            samples.add(Sample.of("B1", "monitor", Signal.MAP, t, 70));
        }
        store.write(samples);
        server = new ApiServer(dir, new InMemoryAuditLog(), clock,
                routes -> AlertRoutes.register(routes, alerts, new MonitoredTime(store, clock), clock));
        nurse = server.signIn(Role.NURSE);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return nurse.get(pathAndQuery);
    }

    @Test
    void strangersMaySeeNoAlerts() throws Exception {
        HttpResponse<String> r = server.stranger().get("/api/alerts");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("MAP");
        assertThat(server.stranger().get("/api/alerts/stats").statusCode()).isEqualTo(401);
    }

    @Test
    void listsOpenAlertsNewestFirstWithTheContractsFields() throws Exception {
        HttpResponse<String> r = get("/api/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(r.body());
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.get("rule").asText()).isEqualTo("LACTATE_HIGH");
        assertThat(first.get("state").asText()).isEqualTo("acknowledged");
        assertThat(first.get("acknowledgedBy").asText()).isEqualTo("nurse.anna");
        assertThat(first.get("acknowledgedAt").asText()).isEqualTo("1970-01-01T00:00:04Z");
        assertThat(first.get("clearedAt").isNull()).isTrue();
        assertThat(list.get(1).get("kind").asText()).isEqualTo("physiological");
        for (String field : new String[] {"id", "bed", "rule", "priority", "kind", "state", "raisedAt",
            "acknowledgedAt", "acknowledgedBy", "clearedAt", "value", "message", "level", "comment"}) {
            assertThat(first.has(field)).as(field).isTrue();
        }
    }

    @Test
    void allIncludesClearedAlertsAndBedFilters() throws Exception {
        assertThat(json.readTree(get("/api/alerts?state=all").body())).hasSize(3);
        JsonNode b2 = json.readTree(get("/api/alerts?state=all&bed=B2").body());
        assertThat(b2).hasSize(1);
        assertThat(b2.get(0).get("signal").asText()).isEqualTo("ecmo_flow");
        assertThat(b2.get(0).get("kind").asText()).isEqualTo("technical");
        assertThat(json.readTree(get("/api/alerts?limit=1").body())).hasSize(1);
    }

    @Test
    void aLabAlertSaysWhenItsResultWasDrawnAndADeviceClockAlertNamesItsDevice() throws Exception {
        long reported = java.time.Instant.parse("1970-01-01T08:05:00Z").toEpochMilli();
        long drawn = java.time.Instant.parse("1970-01-01T07:20:00Z").toEpochMilli();
        alerts.create(new Alert(0, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM, AlertState.ACTIVE, reported, null,
                null, null, null, 4.2, "lactate 4.2 mmol/L", 1, drawn));
        alerts.create(new Alert(0, "B3", Rule.DEVICE_CLOCK, "console-b3", Priority.LOW, AlertState.ACTIVE,
                reported + 1000, null, null, null, null, 42, "console-b3 clock 42 s behind the server", 1));
        JsonNode b3 = json.readTree(get("/api/alerts?bed=B3").body());
        assertThat(b3).hasSize(2);
        JsonNode clock = b3.get(0);
        assertThat(clock.get("rule").asText()).isEqualTo("DEVICE_CLOCK");
        assertThat(clock.get("device").asText()).isEqualTo("console-b3");
        assertThat(clock.has("signal")).isFalse();
        assertThat(clock.has("observedAt")).as("raised by data of its own time").isFalse();
        JsonNode lab = b3.get(1);
        assertThat(lab.get("raisedAt").asText()).isEqualTo("1970-01-01T08:05:00Z");
        assertThat(lab.get("observedAt").asText()).isEqualTo("1970-01-01T07:20:00Z");
        assertThat(json.readTree(get("/api/alerts?bed=B1").body()))
                .allSatisfy(a -> assertThat(a.has("observedAt")).isFalse());
    }

    @Test
    void statsGiveTheAlarmBurdenPerRuleAndBedDay() throws Exception {
        JsonNode s = json.readTree(get("/api/alerts/stats").body());
        assertThat(s.get("from").asText()).isEqualTo("1969-12-26T00:00:00Z");
        JsonNode lactate = s.get("byRule").get("LACTATE_HIGH");
        assertThat(lactate.get("raised").asInt()).isEqualTo(1);
        assertThat(lactate.get("acknowledged").asInt()).isEqualTo(1);
        assertThat(lactate.get("medianSecondsToAcknowledge").asDouble()).isEqualTo(1.0);
        JsonNode stale = s.get("byRule").get("FEED_STALE");
        assertThat(stale.get("shareClearedByItselfWithin2Min").asDouble()).isEqualTo(1.0);
        assertThat(stale.get("medianSecondsToAcknowledge").isNull()).isTrue();
        assertThat(s.get("byBedDay")).hasSize(2);
        assertThat(s.get("byBedDay").get(0).get("bed").asText()).isEqualTo("B1");
        assertThat(s.get("byBedDay").get(0).get("day").asText()).isEqualTo("1970-01-01");
        assertThat(s.get("byBedDay").get(0).get("raised").asInt()).isEqualTo(2);
        assertThat(get("/api/alerts/stats?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/alerts/stats?from=1970-01-02T00:00:00Z&to=1970-01-01T00:00:00Z").statusCode())
                .isEqualTo(400);
        assertThat(get("/api/alerts/stats?sort=bed").statusCode()).isEqualTo(400);
        assertThat(s.get("bed").isNull()).isTrue();
        assertThat(s.get("raised").asInt()).isEqualTo(3);
        assertThat(s.get("bedDays").isNull()).as("per bed-day only for one bed").isTrue();
        assertThat(s.get("notifiedPerBedDay").isNull()).isTrue();
        assertThat(lactate.get("notifiedPerBedDay").isNull()).isTrue();
        JsonNode narrow = json.readTree(get("/api/alerts/stats?from=1970-01-01T00:00:02Z&to=1970-01-01T00:00:03Z")
                .body());
        assertThat(narrow.get("byRule").fieldNames()).toIterable().containsExactly("FEED_STALE");
    }

    @Test
    void statsForABedGiveItsNotifiedAlertsPerBedDayOfMonitoredTime() throws Exception {
        JsonNode s = json.readTree(get("/api/alerts/stats?bed=B1").body());
        assertThat(s.get("bed").asText()).isEqualTo("B1");
        assertThat(s.get("from").asText()).isEqualTo("1969-12-26T00:00:00Z");
        assertThat(s.get("to").asText()).isEqualTo("1970-01-02T00:00:00Z");
        assertThat(s.get("bedDays").asDouble()).isEqualTo(0.25);
        assertThat(s.get("raised").asInt()).isEqualTo(2);
        assertThat(s.get("notifiedPerBedDay").asDouble()).isEqualTo(8.0);
        assertThat(s.get("goalNotifiedPerBedDay").asDouble()).isEqualTo(10.0);
        assertThat(s.get("byRule").fieldNames()).toIterable().containsExactly("LACTATE_HIGH", "MAP_LOW");
        JsonNode lactate = s.get("byRule").get("LACTATE_HIGH");
        assertThat(lactate.get("notifiedPerBedDay").asDouble()).isEqualTo(4.0);
        assertThat(lactate.get("raised").asInt()).isEqualTo(1);
        assertThat(lactate.get("acknowledged").asInt()).isEqualTo(1);
        assertThat(lactate.get("medianSecondsToAcknowledge").asDouble()).isEqualTo(1.0);
        assertThat(lactate.get("shareClearedByItselfWithin2Min").asDouble()).isZero();
        assertThat(s.get("byRule").get("MAP_LOW").get("notifiedPerBedDay").asDouble()).isEqualTo(4.0);
        assertThat(s.get("byBedDay")).singleElement().satisfies(d -> {
            assertThat(d.get("bed").asText()).isEqualTo("B1");
            assertThat(d.get("raised").asInt()).isEqualTo(2);
        });
        JsonNode morning = json.readTree(get("/api/alerts/stats?bed=B1&from=1970-01-01T03:00:00Z&to="
                + "1970-01-01T09:00:00Z").body());
        assertThat(morning.get("bedDays").asDouble()).as("3 h of its 6 h in the period").isEqualTo(0.125);
        assertThat(morning.get("raised").asInt()).isZero();
        assertThat(morning.get("notifiedPerBedDay").asDouble()).isZero();
        JsonNode b2 = json.readTree(get("/api/alerts/stats?bed=B2").body());
        assertThat(b2.get("raised").asInt()).isEqualTo(1);
        assertThat(b2.get("bedDays").asDouble()).isZero();
        assertThat(b2.get("notifiedPerBedDay").isNull()).as("not monitored: no bed-day to divide by").isTrue();
        assertThat(b2.get("byRule").get("FEED_STALE").get("notifiedPerBedDay").isNull()).isTrue();
        assertThat(server.stranger().get("/api/alerts/stats?bed=B1").statusCode()).isEqualTo(401);
        assertThat(server.signIn(Role.INTENSIVIST).json("/api/alerts/stats?bed=B1").get("notifiedPerBedDay")
                .asDouble()).isEqualTo(8.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bed=B%201", "bed=", "bed=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "bed=B1&bed=B2", "bed=B1&sort=rule", "bed=B1&from=yesterday", "bed=../B1"})
    void statsRefuseABadBedWithAReason(String query) throws Exception {
        HttpResponse<String> r = get("/api/alerts/stats?" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"state=open", "bed=B%201", "bed=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "limit=0", "limit=lots",
        "limit=99999", "sort=bed", "state=all&state=active"})
    void refusesBadParametersWithAReason(String query) throws Exception {
        HttpResponse<String> r = get("/api/alerts?" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
    }
}
