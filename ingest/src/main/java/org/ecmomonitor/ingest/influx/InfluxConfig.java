package org.ecmomonitor.ingest.influx;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * InfluxDB through its v1 HTTP API (InfluxDB 1.x, or 2.x/3.x through their v1 compatibility endpoints).
 *
 * @param username null for a server without authentication
 * @param timeout connect, read and write timeout of writes and probes: a hung server is noticed within it
 * @param retention how long InfluxDB keeps samples ({@code retention_days}): the database's default retention
 *     policy is set to it at start
 */
public record InfluxConfig(URI url, String database, String username, String password, Duration timeout,
                           Duration retention) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public InfluxConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        if (!database.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("influx database must match [A-Za-z0-9_.-]{1,64}");
        }
        if (timeout.toMillis() < 100 || retention.toHours() < 1) {
            throw new IllegalArgumentException("influx timeout must be at least 100 ms and retention 1 h");
        }
    }

    public InfluxConfig(URI url, String database, String username, String password) {
        this(url, database, username, password, DEFAULT_TIMEOUT, DEFAULT_RETENTION);
    }

    @Override
    public String toString() {
        return "InfluxConfig[" + url + ", database=" + database + (username == null ? "" : ", user=" + username) + "]";
    }
}
