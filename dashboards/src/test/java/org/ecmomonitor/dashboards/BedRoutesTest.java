package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.ecmomonitor.dashboards.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /api/beds, series, and the context edit, over real HTTP with samples going through the ingest pipeline. */
class BedRoutesTest {
    @TempDir
    Path dir;
    private FullApi api;
    private ApiServer.Client nurse;
    private final long now = Clock.systemUTC().millis();

    @BeforeEach
    void start() throws Exception {
        api = new FullApi(dir, Clock.systemUTC());
        nurse = api.server.signIn(Role.NURSE);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String ts(long offsetMillis) {
        return Instant.ofEpochMilli(now + offsetMillis).toString();
    }

    @Test
    void bedsListTheLatestValuePerSignalWithContextAndOpenAlerts() throws Exception {
        api.publish("icu/B1/console", "{\"samples\": [{\"ts\": \"" + ts(-2000) + "\", \"signal\": \"map\", \"value\": 70,"
                + " \"unit\": \"mmHg\"}, {\"ts\": \"" + ts(-1000) + "\", \"signal\": \"map\", \"value\": 8.4, \"unit\":"
                + " \"kPa\"}, {\"ts\": \"" + ts(-1000) + "\", \"signal\": \"ecmo_flow\", \"value\": 3800, \"unit\":"
                + " \"mL/min\"}]}");
        api.publish("icu/B1/context", "{\"ts\": \"" + ts(-5000) + "\", \"arterial_cannula_side\": \"left\","
                + " \"map_target\": 70}");
        api.publish("icu/B2/lab", "{\"ts\": \"" + ts(-3_600_000) + "\", \"signal\": \"lactate\", \"value\": 3.4,"
                + " \"unit\": \"mmol/L\"}");
        JsonNode beds = nurse.json("/api/beds");
        assertThat(beds).extracting(b -> b.get("bed").asText()).containsExactly("B1", "B2");
        JsonNode b1 = beds.get(0);
        assertThat(b1.at("/values/map/value").asDouble()).isEqualTo(63.0);
        assertThat(b1.at("/values/map/t").asText()).isEqualTo(ts(-1000));
        assertThat(b1.at("/values/map/artifact").asBoolean()).isFalse();
        assertThat(b1.at("/values/ecmo_flow/value").asDouble()).isEqualTo(3.8);
        assertThat(b1.at("/context/arterial_cannula_side").asText()).isEqualTo("left");
        assertThat(b1.at("/context/map_target_in_effect").asDouble()).isEqualTo(70.0);
        assertThat(b1.get("alerts")).isEmpty();
        assertThat(beds.get(1).at("/values/lactate/value").asDouble()).isEqualTo(3.4);
        assertThat(nurse.json("/api/beds/B2").at("/values/lactate/device").asText()).isEqualTo("lab");
        assertThat(nurse.get("/api/beds/B9").statusCode()).isEqualTo(404);
    }

    @Test
    void seriesAreBucketedInTheStoreAndLeaveArtifactsOut() throws Exception {
        StringBuilder batch = new StringBuilder("{\"samples\": [");
        long start = (now / 60_000 - 3) * 60_000;
        for (int i = 0; i < 120; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"ts\": ").append(start + i * 1000L)
                    .append(", \"signal\": \"map\", \"value\": ").append(60 + i % 10).append(", \"unit\": \"mmHg\"}");
        }
        batch.append(", {\"ts\": ").append(start + 500).append(", \"signal\": \"map\", \"value\": 65, \"unit\":"
                + " \"mmHg\", \"quality\": \"artifact\"}]}");
        api.publish("icu/B1/console", batch.toString());
        JsonNode points = nurse.json("/api/beds/B1/series?signal=map&from=" + Instant.ofEpochMilli(start) + "&to="
                + Instant.ofEpochMilli(start + 180_000) + "&step=60s");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).get("t").asText()).isEqualTo(Instant.ofEpochMilli(start).toString());
        assertThat(points.get(0).get("n").asLong()).isEqualTo(60);
        assertThat(points.get(0).get("min").asDouble()).isEqualTo(60.0);
        assertThat(points.get(0).get("max").asDouble()).isEqualTo(69.0);
        assertThat(points.get(0).get("mean").asDouble()).isEqualTo(64.5);
        assertThat(nurse.json("/api/beds/B1/series?signal=map&step=1h")).singleElement()
                .satisfies(p -> assertThat(p.get("n").asLong()).isEqualTo(120));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "signal=pressure", "signal=map&step=0", "signal=map&step=5x", "signal=map&step=-1",
        "signal=map&from=yesterday", "signal=map&from=2026-11-21T10:00:00Z&to=2026-11-21T09:00:00Z",
        "signal=map&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1s", "signal=map&signal=sbp",
        "signal=map&bucket=60s"})
    void badSeriesParametersAre400WithAReason(String query) throws Exception {
        HttpResponse<String> r = nurse.get("/api/beds/B1/series?" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"");
        assertThat(nurse.get("/api/beds/B%20x/series?signal=map").statusCode()).isEqualTo(400);
    }

    @Test
    void anIntensivistEditsTheContextAndTheRulesAndBoardSeeIt() throws Exception {
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        HttpResponse<String> r = doctor.send("PUT", "/api/beds/B3/context",
                "{\"weight_kg\": 82, \"arterial_cannula_side\": \"right\", \"ecmo_mode\": \"weaning_trial\","
                        + " \"crrt\": true, \"map_target\": 70}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"map_target\":70.0").contains("\"ecmo_mode\":\"weaning_trial\"");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                nurse.json("/api/beds/B3").at("/context/arterial_cannula_side").asText()).isEqualTo("right"));
        HttpResponse<String> cleared = doctor.send("PUT", "/api/beds/B3/context", "{\"map_target\": null}");
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(cleared.body()).doesNotContain("\"map_target\":").contains("\"map_target_in_effect\":65.0")
                .contains("\"weight_kg\":82.0");
        assertThat(api.alertRepository.auditLog(5)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("intensivist.one");
            assertThat(e.action()).isEqualTo("edit context");
            assertThat(e.target()).isEqualTo("bed B3");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"map_target\": 20}", "{\"weight_kg\": \"heavy\"}",
        "{\"arterial_cannula_side\": \"middle\"}", "{\"ecmo_mode\": \"flying\"}", "{\"ts\": \"2026-11-21T08:00:00Z\"}",
        "{\"map_target\": 70, \"colour\": \"blue\"}", "[70]", "{\"crrt\": \"yes\"}"})
    void badContextEditsAre400AndChangeNothing(String body) throws Exception {
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        HttpResponse<String> r = doctor.send("PUT", "/api/beds/B4/context", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"");
        assertThat(nurse.get("/api/beds/B4").statusCode()).isEqualTo(404);
    }

    @Test
    void aNurseMayNotEditTheContext() throws Exception {
        assertThat(nurse.send("PUT", "/api/beds/B3/context", "{\"map_target\": 70}").statusCode()).isEqualTo(403);
    }
}
