package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.dashboards.http.HttpServer;
import org.ecmomonitor.dashboards.http.Routes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The suppression API over real HTTP, against the live engine thread. */
class SuppressionRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private LiveAlerts alerts;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        alerts = new LiveAlerts(new AlertEngine(new InMemoryAlertRepository(), Map.of(), Clock.systemUTC().millis()),
                Clock.systemUTC(), new SimpleMeterRegistry());
        alerts.start(Map.of());
        server = new HttpServer(new HttpConfig("127.0.0.1", 0, 4096), SuppressionRoutes.register(new Routes(), alerts));
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        alerts.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsListsAndEndsASuppression() throws Exception {
        HttpResponse<String> created = send("POST", "/api/beds/B1/suppressions",
                "{\"rules\": [\"MAP_LOW\", \"MAP_CRITICAL\"], \"minutes\": 2, \"reason\": \"a-line flush\","
                        + " \"user\": \"nurse.ida\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode x = json.readTree(created.body());
        assertThat(x.get("rules")).extracting(JsonNode::asText).containsExactlyInAnyOrder("MAP_LOW", "MAP_CRITICAL");
        assertThat(x.get("reason").asText()).isEqualTo("a-line flush");
        JsonNode list = json.readTree(send("GET", "/api/beds/B1/suppressions", null).body());
        assertThat(list).hasSize(1);
        assertThat(json.readTree(send("GET", "/api/beds/B2/suppressions", null).body())).isEmpty();
        long id = x.get("id").asLong();
        assertThat(send("DELETE", "/api/beds/B1/suppressions/" + id + "?user=nurse.ida", null).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", "/api/beds/B1/suppressions/" + id + "?user=nurse.ida", null).statusCode())
                .isEqualTo(404);
        assertThat(json.readTree(send("GET", "/api/beds/B1/suppressions", null).body())).isEmpty();
    }

    @Test
    void allPhysiologicalRulesForAnHour() throws Exception {
        HttpResponse<String> r = send("POST", "/api/beds/B1/suppressions",
                "{\"allPhysiological\": true, \"minutes\": 60, \"reason\": \"circuit change\", \"user\": \"dr.jo\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json.readTree(r.body()).get("allPhysiological").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 61, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 0, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 1.5, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": [\"MAP_LOWEST\"], \"minutes\": 5, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": \"MAP_LOW\", \"minutes\": 5, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": [], \"minutes\": 5, \"reason\": \"r\", \"user\": \"u\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"user\": \"u\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"reason\": \"r\"}",
        "{\"rules\": [\"MAP_LOW\"], \"minutes\": 5, \"reason\": \"r\", \"user\": \"u\", \"forever\": true}",
        "{\"allPhysiological\": \"yes\", \"minutes\": 5, \"reason\": \"r\", \"user\": \"u\"}",
        "[1, 2]",
        "not json"})
    void refusesBadRequestsWithAReason(String body) throws Exception {
        HttpResponse<String> r = send("POST", "/api/beds/B1/suppressions", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
    }

    @Test
    void refusesBadBedsIdsAndMissingUsers() throws Exception {
        assertThat(send("GET", "/api/beds/B%201/suppressions", null).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/api/beds/B1/suppressions/abc?user=u", null).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/api/beds/B1/suppressions/1", null).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/beds/B1/suppressions", "{}").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/beds/B1/suppressions/extra/segment", null).statusCode()).isEqualTo(404);
    }
}
