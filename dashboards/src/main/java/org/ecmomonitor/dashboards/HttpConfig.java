package org.ecmomonitor.dashboards;

import java.time.Duration;
import java.util.Objects;

/**
 * The dashboards' HTTP server.
 *
 * @param port 0 for a free port, -1 for no plain HTTP listener (HTTPS only)
 * @param maxBodyBytes request bodies larger than this are refused with 413
 * @param sessionIdle a session ends after this long without a request
 * @param secureCookie mark the session cookie Secure (users reach us through an HTTPS proxy)
 */
public record HttpConfig(String bind, int port, int maxBodyBytes, Duration sessionIdle, boolean secureCookie) {
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofHours(12);

    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("http port must be within -1..65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("http max body must be at least 1 KiB");
        }
    }

    public HttpConfig(String bind, int port, int maxBodyBytes) {
        this(bind, port, maxBodyBytes, DEFAULT_SESSION_IDLE, false);
    }
}
