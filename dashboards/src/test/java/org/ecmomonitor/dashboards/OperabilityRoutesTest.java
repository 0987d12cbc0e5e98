package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.http.HttpServer;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.ComponentHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /health and /metrics over real HTTP on a free port. */
class OperabilityRoutesTest {
    private final AtomicBoolean storeUp = new AtomicBoolean(true);
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;

    private HealthReport health;

    @BeforeEach
    void start() throws Exception {
        health = new HealthReport(List.of(
                () -> storeUp.get() ? ComponentHealth.up("store", "ok") : ComponentHealth.down("store", "refused"),
                () -> new ComponentHealth("paging", false, false, "optional, not configured")));
        server = new HttpServer(new HttpConfig("127.0.0.1", 0, 1024),
                OperabilityRoutes.register(new Routes(), health, metrics),
                new SessionGate(new Sessions(Clock.systemUTC(), Duration.ofMinutes(5))), (channel, session, values) -> { },
                metrics);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIs200WhileEveryCriticalComponentIsUp() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        assertThat(r.body()).contains("\"status\":\"up\"").contains("\"component\":\"store\"")
                .contains("\"component\":\"paging\"");
    }

    @Test
    void healthIs503WhenTheStoreIsDown() throws Exception {
        storeUp.set(false);
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":\"down\"").contains("refused");
    }

    @Test
    void readyOnlyOnceStartedWhileCriticalComponentsAreUpAndNotWhileStopping() throws Exception {
        HttpResponse<String> starting = get("/health/ready");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).contains("\"detail\":\"starting\"");
        health.started();
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"component\":\"paging\"");
        storeUp.set(false);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/live").statusCode()).as("a store outage is no reason to restart").isEqualTo(200);
        storeUp.set(true);
        health.stopping();
        assertThat(get("/health/ready").body()).contains("stopping");
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void liveUntilAFatalErrorAndHealthStaysAsItWas() throws Exception {
        health.started();
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        health.fatal("OutOfMemoryError in thread ingest-writer");
        HttpResponse<String> dead = get("/health/live");
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).contains("OutOfMemoryError in thread ingest-writer");
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health").statusCode()).as("/health reports components, as before").isEqualTo(200);
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        Counter.builder("ecmo.ingest.rejected").tag("feed", "console").tag("reason", "malformed_json")
                .register(metrics).increment();
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body()).contains("ecmo_ingest_rejected_total{feed=\"console\",reason=\"malformed_json\"} 1.0");
    }

    @Test
    void healthAndMetricsNeedNoSignInSoThatProbesAndScrapersWork() throws Exception {
        assertThat(get("/health").headers().firstValue("set-cookie")).isEmpty();
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void everyReplyCarriesTheBrowserSecurityHeaders() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("x-frame-options")).contains("DENY");
        assertThat(r.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(r.headers().firstValue("cache-control")).contains("no-store");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void refusesABodyOverTheLimit() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(4096))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }
}
