package org.ecmomonitor.dashboards;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The dashboards' HTTP server.
 *
 * @param port 0 for a free port, -1 for no plain HTTP listener (HTTPS only)
 * @param maxBodyBytes request bodies larger than this are refused with 413
 * @param sessionIdle a session ends after this long without a request
 * @param secureCookie mark the session cookie Secure (users reach us through an HTTPS proxy)
 * @param allowedHosts host names (or addresses) a request's Host header may name besides the defaults (loopback,
 *                     the bind address and, when bound to every interface, this machine's names and addresses)
 * @param maxConnections open connections (WebSockets included) past which new ones are closed at once
 * @param headerReadSeconds a request's line and headers must have arrived this long after its first byte
 * @param idleSeconds a connection (not a WebSocket) with no traffic for this long is closed
 */
public record HttpConfig(String bind, int port, int maxBodyBytes, Duration sessionIdle, boolean secureCookie,
                         List<String> allowedHosts, int maxConnections, int headerReadSeconds, int idleSeconds) {
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofHours(12);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_HEADER_READ_SECONDS = 10;
    public static final int DEFAULT_IDLE_SECONDS = 120;

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        allowedHosts = List.copyOf(allowedHosts);
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("http port must be within -1..65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("http max body must be at least 1 KiB");
        }
        if (maxConnections < 1 || headerReadSeconds < 1 || idleSeconds < 1) {
            throw new IllegalArgumentException("http connection bounds must be positive");
        }
    }

    public HttpConfig(String bind, int port, int maxBodyBytes, Duration sessionIdle, boolean secureCookie) {
        this(bind, port, maxBodyBytes, sessionIdle, secureCookie, List.of(), DEFAULT_MAX_CONNECTIONS,
                DEFAULT_HEADER_READ_SECONDS, DEFAULT_IDLE_SECONDS);
    }

    public HttpConfig(String bind, int port, int maxBodyBytes) {
        this(bind, port, maxBodyBytes, DEFAULT_SESSION_IDLE, false);
    }
}
