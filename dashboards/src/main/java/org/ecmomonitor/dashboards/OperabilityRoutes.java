package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.ComponentHealth;

/**
 * {@code GET /health} (200, or 503 when a critical component is down), {@code GET /health/live} (200 unless a
 * fatal error happened: restart the process), {@code GET /health/ready} (200 once started and while every
 * critical component is up, listing every component; 503 otherwise: send no traffic) and {@code GET /metrics}
 * (Prometheus).
 */
public final class OperabilityRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperabilityRoutes() {
    }

    public static Routes register(Routes routes, HealthReport health, PrometheusMeterRegistry metrics) {
        routes.open(HttpMethod.GET, "/health", c -> health(health.components()));
        routes.open(HttpMethod.GET, "/health/live", c -> live(health));
        routes.open(HttpMethod.GET, "/health/ready", c -> ready(health));
        routes.open(HttpMethod.GET, "/metrics", c -> HttpReply.text(HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        return routes;
    }

    static HttpReply live(HealthReport health) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        Optional<String> fatal = health.fatalError();
        body.put("status", fatal.isEmpty() ? "live" : "failed");
        fatal.ifPresent(f -> body.put("detail", f));
        return new HttpReply(fatal.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", JSON.writeValueAsBytes(body));
    }

    static HttpReply ready(HealthReport health) throws Exception {
        Optional<String> lifecycle = health.lifecycleNotReady();
        List<ComponentHealth> components = health.components();
        boolean ready = lifecycle.isEmpty() && health.fatalError().isEmpty() && HealthReport.healthy(components);
        ObjectNode body = JSON.createObjectNode();
        body.put("status", ready ? "ready" : "not ready");
        lifecycle.ifPresent(l -> body.put("detail", l));
        health.fatalError().ifPresent(f -> body.put("detail", f));
        listComponents(body, components);
        return new HttpReply(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", JSON.writeValueAsBytes(body));
    }

    private static void listComponents(ObjectNode body, List<ComponentHealth> components) {
        ArrayNode list = body.putArray("components");
        for (ComponentHealth c : components) {
            list.addObject().put("component", c.component()).put("status", c.up() ? "up" : "down")
                    .put("critical", c.critical()).put("detail", c.detail());
        }
    }

    static HttpReply health(List<ComponentHealth> components) throws Exception {
        boolean healthy = HealthReport.healthy(components);
        ObjectNode body = JSON.createObjectNode();
        body.put("status", healthy ? "up" : "down");
        listComponents(body, components);
        return new HttpReply(healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", JSON.writeValueAsBytes(body));
    }
}
