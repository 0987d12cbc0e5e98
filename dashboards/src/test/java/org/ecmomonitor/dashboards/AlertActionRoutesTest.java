package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.dashboards.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Acknowledging and suppressing over real HTTP, against the live engine thread, as signed-in users. */
class AlertActionRoutesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final InMemoryAlertRepository repository = new InMemoryAlertRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    @TempDir
    Path dir;
    private LiveAlerts alerts;
    private ApiServer server;
    private ApiServer.Client intensivist;
    private long mapLowId;

    @BeforeEach
    void start() throws Exception {
        long now = Clock.systemUTC().millis();
        mapLowId = repository.create(new Alert(0, "B1", Rule.MAP_LOW, "", Priority.MEDIUM, AlertState.ACTIVE,
                now - 60_000, null, null, null, null, 58, "MAP 58 mmHg below target 65 for 5 min", 1));
        alerts = new LiveAlerts(new AlertEngine(repository, audit, Map.of(), EscalationPolicy.DEFAULT, now), Clock.systemUTC(),
                new SimpleMeterRegistry());
        alerts.start(Map.of());
        server = new ApiServer(dir, audit, Clock.systemUTC(), routes -> AlertActionRoutes.register(routes, alerts));
        intensivist = server.signIn(Role.INTENSIVIST);
    }

    @AfterEach
    void stop() {
        server.close();
        alerts.close();
    }

    @Test
    void aNurseAcknowledgesWithACommentAndTheAuditLogNamesHer() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        HttpResponse<String> r = nurse.send("POST", "/api/alerts/" + mapLowId + "/ack",
                "{\"comment\": \"fluids given\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = json.readTree(r.body());
        assertThat(a.get("state").asText()).isEqualTo("acknowledged");
        assertThat(a.get("acknowledgedBy").asText()).isEqualTo("nurse.one");
        assertThat(a.get("comment").asText()).isEqualTo("fluids given");
        assertThat(audit.auditLog(10)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("nurse.one");
            assertThat(e.action()).isEqualTo("acknowledge");
            assertThat(e.detail()).isEqualTo("fluids given");
        });
    }

    /** Issue 14: a retried acknowledgement got 409 while the alert was listed as active. */
    @Test
    void aRetriedOrSecondAcknowledgementIsAnsweredWithTheAlertAsItStandsAndAuditedOnce() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        assertThat(nurse.send("POST", "/api/alerts/" + mapLowId + "/ack", "{\"comment\": \"fluids\"}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> again = nurse.send("POST", "/api/alerts/" + mapLowId + "/ack", "{}");
        HttpResponse<String> other = intensivist.send("POST", "/api/alerts/" + mapLowId + "/ack", "{}");

        for (HttpResponse<String> r : List.of(again, other)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode a = json.readTree(r.body());
            assertThat(a.get("state").asText()).isEqualTo("acknowledged");
            assertThat(a.get("acknowledgedBy").asText()).as("the first acknowledgement stands").isEqualTo("nurse.one");
            assertThat(a.get("comment").asText()).isEqualTo("fluids");
        }
        assertThat(audit.auditLog(10)).filteredOn(e -> e.action().equals("acknowledge")).hasSize(1);
    }

    @Test
    void aClearedAlertCannotBeAcknowledged() throws Exception {
        Alert cleared = repository.find(mapLowId).orElseThrow().cleared(Clock.systemUTC().millis(), 70);
        long id = repository.create(cleared);
        HttpResponse<String> r = server.signIn(Role.NURSE).send("POST", "/api/alerts/" + id + "/ack", "{}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("cleared");
    }

    @Test
    void anAcknowledgementNeedsNoBody() throws Exception {
        assertThat(server.signIn(Role.NURSE).send("POST", "/api/alerts/" + mapLowId + "/ack", null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void acknowledgementRefusals() throws Exception {
        ApiServer.Client nurse = server.signIn(Role.NURSE);
        assertThat(nurse.send("POST", "/api/alerts/999/ack", "{}").statusCode()).isEqualTo(404);
        assertThat(nurse.send("POST", "/api/alerts/abc/ack", "{}").statusCode()).isEqualTo(400);
        assertThat(nurse.send("POST", "/api/alerts/" + mapLowId + "/ack", "{\"comment\": 5}").statusCode())
                .isEqualTo(400);
        assertThat(nurse.send("POST", "/api/alerts/" + mapLowId + "/ack", "{\"note\": \"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(nurse.send("POST", "/api/alerts/" + mapLowId + "/ack",
                "{\"comment\": \"" + "x".repeat(501) + "\"}").statusCode()).isEqualTo(400);
        assertThat(server.signIn(Role.BIOMED).send("POST", "/api/alerts/" + mapLowId + "/ack", "{}").statusCode())
                .isEqualTo(403);
        assertThat(server.stranger().send("POST", "/api/alerts/" + mapLowId + "/ack", "{}").statusCode())
                .isEqualTo(401);
        assertThat(repository.find(mapLowId).orElseThrow().state()).isEqualTo(AlertState.ACTIVE);
    }

    @Test
    void createsListsAndEndsASuppressionAsTheSignedInUser() throws Exception {
        HttpResponse<String> created = intensivist.send("POST", "/api/beds/B1/suppressions",
                "{\"rules\": [\"MAP_LOW\", \"MAP_CRITICAL\"], \"minutes\": 2, \"reason\": \"a-line flush\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode x = json.readTree(created.body());
        assertThat(x.get("rules")).extracting(JsonNode::asText).containsExactlyInAnyOrder("MAP_LOW", "MAP_CRITICAL");
        assertThat(x.get("user").asText()).isEqualTo("intensivist.one");
        assertThat(server.signIn(Role.NURSE).json("/api/beds/B1/suppressions")).hasSize(1);
        assertThat(intensivist.json("/api/beds/B2/suppressions")).isEmpty();
        long id = x.get("id").asLong();
        assertThat(intensivist.send("DELETE", "/api/beds/B1/suppressions/" + id, null).statusCode()).isEqualTo(204);
        assertThat(intensivist.send("DELETE", "/api/beds/B1/suppressions/" + id, null).statusCode()).isEqualTo(404);
        assertThat(intensivist.json("/api/beds/B1/suppressions")).isEmpty();
        assertThat(audit.auditLog(10)).extracting(e -> e.user() + " " + e.action())
                .contains("intensivist.one suppress", "intensivist.one end suppression");
    }

    @Test
    void onlyAnIntensivistSuppresses() throws Exception {
        String body = "{\"allPhysiological\": true, \"minutes\": 60, \"reason\": \"circuit change\"}";
        for (Role r : new Role[] {Role.NURSE, Role.BIOMED, Role.ADMIN}) {
            assertThat(server.signIn(r).send("POST", "/api/beds/B1/suppressions", body).statusCode()).as(r.name())
                    .isEqualTo(403);
        }
        HttpResponse<String> ok = intensivist.send("POST", "/api/beds/B1/suppressions", body);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(json.readTree(ok.body()).get("allPhysiological").asBoolean()).isTrue();
        long id = json.readTree(ok.body()).get("id").asLong();
        assertThat(server.signIn(Role.NURSE).send("DELETE", "/api/beds/B1/suppressions/" + id, null).statusCode())
                .isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 61, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 0, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 1.5, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOWEST\"], \"minutes\": 5, \"reason\": \"r\"}",
        "{\"rules\": \"MAP_LOW\", \"minutes\": 5, \"reason\": \"r\"}",
        "{\"rules\": [], \"minutes\": 5, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"reason\": \"r\", \"forever\": true}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"reason\": \"r\", \"user\": \"somebody.else\"}",
        "{\"allPhysiological\": \"yes\", \"minutes\": 5, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"reason\": \"r\", \"reason\": \"twice\"}",
        "[1, 2]",
        "not json"})
    void refusesBadSuppressionsWithAReason(String body) throws Exception {
        HttpResponse<String> r = intensivist.send("POST", "/api/beds/B1/suppressions", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsRefused() throws Exception {
        HttpResponse<String> r = intensivist.send("POST", "/api/beds/B1/suppressions",
                "{\"allPhysiological\": true, \"minutes\": 5, \"reason\": \"r\"}",
                b -> b.setHeader("Content-Type", "text/plain"));
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void refusesBadBedsAndIds() throws Exception {
        assertThat(intensivist.get("/api/beds/B%201/suppressions").statusCode()).isEqualTo(400);
        assertThat(intensivist.send("DELETE", "/api/beds/B1/suppressions/abc", null).statusCode()).isEqualTo(400);
        assertThat(intensivist.send("PUT", "/api/beds/B1/suppressions", "{}").statusCode()).isEqualTo(405);
        assertThat(intensivist.get("/api/beds/B1/suppressions/extra/segment").statusCode()).isEqualTo(404);
    }
}
