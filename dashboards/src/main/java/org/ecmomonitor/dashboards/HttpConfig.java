package org.ecmomonitor.dashboards;

import java.util.Objects;

/**
 * The dashboards' HTTP server.
 *
 * @param port 0 for a free port
 * @param maxBodyBytes request bodies larger than this are refused with 413
 */
public record HttpConfig(String bind, int port, int maxBodyBytes) {
    public HttpConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be within 0..65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("http max body must be at least 1 KiB");
        }
    }
}
