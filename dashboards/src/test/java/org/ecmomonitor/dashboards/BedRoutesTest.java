package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
        api.publish("icu/B10/lab", "{\"ts\": \"" + ts(-3_600_000) + "\", \"signal\": \"lactate\", \"value\": 1.2,"
                + " \"unit\": \"mmol/L\"}");
        JsonNode beds = nurse.json("/api/beds");
        assertThat(beds).extracting(b -> b.get("bed").asText()).as("as the beds stand in the unit")
                .containsExactly("B1", "B2", "B10");
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
        assertThat(api.audit.auditLog(5)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("intensivist.one");
            assertThat(e.action()).isEqualTo("edit context");
            assertThat(e.target()).isEqualTo("bed B3");
        });
    }

    @Test
    void theContextHistorySaysWhoMadeEachChangeNewestFirst() throws Exception {
        api.publish("icu/B1/context", "{\"ts\": \"" + ts(-5000) + "\", \"arterial_cannula_side\": \"left\"}");
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        assertThat(doctor.send("PUT", "/api/beds/B1/context", "{\"map_target\": 72}").statusCode()).isEqualTo(200);
        JsonNode history = nurse.json("/api/beds/B1/context/history?limit=10");
        assertThat(history.get(0).get("changedBy").asText()).isEqualTo("user:intensivist.one");
        assertThat(history.get(0).at("/context/map_target").asDouble()).isEqualTo(72.0);
        assertThat(history.get(1).get("changedBy").asText()).as("the first came from the site broker")
                .isEqualTo("broker");
        assertThat(history.get(1).at("/context/arterial_cannula_side").asText()).isEqualTo("left");
        assertThat(nurse.json("/api/beds/B1/context/history?limit=1")).hasSize(1);
        for (String bad : java.util.List.of("limit=0", "limit=501", "limit=x", "limit=1&limit=2")) {
            assertThat(nurse.get("/api/beds/B1/context/history?" + bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(nurse.get("/api/beds/B%20x/context/history").statusCode()).isEqualTo(400);
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
    void bedsCarryTheV2SignalsInTheirCanonicalUnits() throws Exception {
        api.publish("icu/B1/console", "{\"samples\": [{\"ts\": \"" + ts(-1000) + "\", \"signal\": \"ecmo_p_pre\","
                + " \"value\": 33.3, \"unit\": \"kPa\"}, {\"ts\": \"" + ts(-1000) + "\", \"signal\": \"ecmo_p_post\","
                + " \"value\": 210, \"unit\": \"mmHg\"}]}");
        api.publish("icu/B1/monitor", "{\"ts\": \"" + ts(-1000) + "\", \"signal\": \"spo2_right_hand\", \"value\":"
                + " 0.88, \"unit\": \"fraction\"}");
        api.publish("icu/B1/lab", "{\"samples\": [{\"ts\": \"" + ts(-600_000) + "\", \"signal\": \"pfhb\","
                + " \"value\": 0.62, \"unit\": \"g/L\"}, {\"ts\": \"" + ts(-600_000) + "\", \"signal\": \"platelets\","
                + " \"value\": 38, \"unit\": \"K/uL\"}, {\"ts\": \"" + ts(-600_000) + "\", \"signal\": \"anti_xa\","
                + " \"value\": 0.45, \"unit\": \"[IU]/mL\"}]}");
        JsonNode b1 = nurse.json("/api/beds/B1");
        assertThat(b1.at("/values/ecmo_p_pre/value").asDouble()).isEqualTo(249.8);
        assertThat(b1.at("/values/ecmo_p_post/value").asDouble()).isEqualTo(210.0);
        assertThat(b1.at("/values/spo2_right_hand/value").asDouble()).isEqualTo(88.0);
        assertThat(b1.at("/values/spo2_right_hand/device").asText()).isEqualTo("monitor");
        assertThat(b1.at("/values/pfhb/value").asDouble()).isEqualTo(62.0);
        assertThat(b1.at("/values/platelets/value").asDouble()).isEqualTo(38.0);
        assertThat(b1.at("/values/anti_xa/value").asDouble()).isEqualTo(0.45);
        assertThat(b1.at("/values/anti_xa/t").asText()).isEqualTo(ts(-600_000));
        JsonNode listed = nurse.json("/api/beds").get(0);
        assertThat(listed.at("/values/platelets/value").asDouble()).isEqualTo(38.0);
        assertThat(nurse.json("/api/beds/B1/series?signal=anti_xa&step=1h")).singleElement()
                .satisfies(p -> assertThat(p.get("mean").asDouble()).isEqualTo(0.45));
    }

    @Test
    void anIntensivistSetsAndClearsTheV2ContextFields() throws Exception {
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        String changed = Instant.ofEpochMilli(now - 3_600_000).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        HttpResponse<String> r = doctor.send("PUT", "/api/beds/B5/context",
                "{\"ecmo_config\": \"vv\", \"oxygenator_changed_at\": \"" + changed + "\", \"anti_xa_min\": 0.35,"
                        + " \"anti_xa_max\": 0.6, \"weight_kg\": 3.4}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ctx = JSON.readTree(r.body()).get("context");
        assertThat(ctx.get("ecmo_config").asText()).isEqualTo("vv");
        assertThat(ctx.get("ecmo_config_in_effect").asText()).isEqualTo("vv");
        assertThat(ctx.get("oxygenator_changed_at").asText()).isEqualTo(changed);
        assertThat(ctx.get("anti_xa_min").asDouble()).isEqualTo(0.35);
        assertThat(ctx.get("anti_xa_max_in_effect").asDouble()).isEqualTo(0.6);
        assertThat(ctx.get("weight_kg").asDouble()).isEqualTo(3.4);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                nurse.json("/api/beds/B5").at("/context/oxygenator_changed_at").asText()).isEqualTo(changed));
        assertThat(nurse.json("/api/beds").get(0).at("/context/ecmo_config").asText()).isEqualTo("vv");

        HttpResponse<String> epoch = doctor.send("PUT", "/api/beds/B5/context",
                "{\"oxygenator_changed_at\": " + Instant.parse(changed).toEpochMilli() + "}");
        assertThat(epoch.statusCode()).as(epoch.body()).isEqualTo(200);
        assertThat(epoch.body()).contains("\"oxygenator_changed_at\":\"" + changed + "\"");

        HttpResponse<String> cleared = doctor.send("PUT", "/api/beds/B5/context",
                "{\"ecmo_config\": null, \"anti_xa_min\": null, \"anti_xa_max\": null}");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        JsonNode after = JSON.readTree(cleared.body()).get("context");
        assertThat(after.has("ecmo_config")).isFalse();
        assertThat(after.get("ecmo_config_in_effect").asText()).isEqualTo("va");
        assertThat(after.get("anti_xa_min_in_effect").asDouble()).isEqualTo(0.3);
        assertThat(after.get("anti_xa_max_in_effect").asDouble()).isEqualTo(0.7);
        assertThat(after.get("oxygenator_changed_at").asText()).isEqualTo(changed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ecmo_config\": \"ecpr\"}", "{\"ecmo_config\": \"VA\"}",
        "{\"oxygenator_changed_at\": \"yesterday\"}", "{\"oxygenator_changed_at\": \"2026-11-21T07:00\"}",
        "{\"oxygenator_changed_at\": \"2999-01-01T00:00:00Z\"}", "{\"oxygenator_changed_at\": 1763712000}",
        "{\"oxygenator_changed_at\": true}", "{\"anti_xa_min\": 3.5}", "{\"anti_xa_max\": -0.1}",
        "{\"anti_xa_max\": \"0.7\"}", "{\"anti_xa_min\": 0.7, \"anti_xa_max\": 0.3}",
        "{\"anti_xa_min\": 0.5, \"anti_xa_max\": 0.5}", "{\"weight_kg\": 0.4}", "{\"weight_kg\": 301}"})
    void badV2ContextEditsAre400WithTheReasonAndChangeNothing(String body) throws Exception {
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        HttpResponse<String> r = doctor.send("PUT", "/api/beds/B6/context", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        String field = body.substring(2, body.indexOf('"', 2));
        assertThat(JSON.readTree(r.body()).get("error").asText()).as(body).contains(field);
        assertThat(nurse.get("/api/beds/B6").statusCode()).isEqualTo(404);
    }

    @Test
    void aBadV2FieldRefusesTheWholeEdit() throws Exception {
        ApiServer.Client doctor = api.server.signIn(Role.INTENSIVIST);
        HttpResponse<String> r = doctor.send("PUT", "/api/beds/B6/context",
                "{\"map_target\": 70, \"anti_xa_min\": 0.8, \"anti_xa_max\": 0.4}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("must be below");
        assertThat(nurse.get("/api/beds/B6").statusCode()).isEqualTo(404);
    }

    @Test
    void aNurseMayNotEditTheContext() throws Exception {
        assertThat(nurse.send("PUT", "/api/beds/B3/context", "{\"map_target\": 70}").statusCode()).isEqualTo(403);
    }
}
