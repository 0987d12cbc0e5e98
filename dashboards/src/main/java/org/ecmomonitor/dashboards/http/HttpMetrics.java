package org.ecmomonitor.dashboards.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's bounds, as metrics: {@code ecmo_http_connections} (open now), {@code
 * ecmo_http_connections_closed_total{reason}} (max_connections, header_timeout, idle) and {@code
 * ecmo_http_requests_refused_total{reason="host"}}.
 */
final class HttpMetrics {
    private final AtomicInteger open = new AtomicInteger();
    private final Counter overLimit;
    private final Counter headerTimeout;
    private final Counter idle;
    private final Counter host;

    HttpMetrics(MeterRegistry meters) {
        Gauge.builder("ecmo.http.connections", open, AtomicInteger::get).description("open HTTP connections")
                .register(meters);
        overLimit = closed(meters, "max_connections");
        headerTimeout = closed(meters, "header_timeout");
        idle = closed(meters, "idle");
        host = Counter.builder("ecmo.http.requests.refused").tag("reason", "host")
                .description("requests refused before routing").register(meters);
    }

    private static Counter closed(MeterRegistry meters, String reason) {
        return Counter.builder("ecmo.http.connections.closed").tag("reason", reason)
                .description("connections the server closed to stay within its bounds").register(meters);
    }

    AtomicInteger open() {
        return open;
    }

    void overLimit() {
        overLimit.increment();
    }

    void headerTimeout() {
        headerTimeout.increment();
    }

    void idle() {
        idle.increment();
    }

    void hostRefused() {
        host.increment();
    }
}
