package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.ComponentHealth;

/** {@code GET /health} (200, or 503 when a critical component is down) and {@code GET /metrics} (Prometheus). */
public final class OperabilityRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperabilityRoutes() {
    }

    public static Routes register(Routes routes, HealthReport health, PrometheusMeterRegistry metrics) {
        routes.open(HttpMethod.GET, "/health", c -> health(health.components()));
        routes.open(HttpMethod.GET, "/metrics", c -> HttpReply.text(HttpResponseStatus.OK,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        return routes;
    }

    static HttpReply health(List<ComponentHealth> components) throws Exception {
        boolean healthy = HealthReport.healthy(components);
        ObjectNode body = JSON.createObjectNode();
        body.put("status", healthy ? "up" : "down");
        ArrayNode list = body.putArray("components");
        for (ComponentHealth c : components) {
            list.addObject().put("component", c.component()).put("status", c.up() ? "up" : "down")
                    .put("critical", c.critical()).put("detail", c.detail());
        }
        return new HttpReply(healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                "application/json", JSON.writeValueAsBytes(body));
    }
}
