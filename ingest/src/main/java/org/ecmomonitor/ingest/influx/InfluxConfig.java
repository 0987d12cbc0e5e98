package org.ecmomonitor.ingest.influx;

import java.net.URI;
import java.util.Objects;

/**
 * InfluxDB through its v1 HTTP API (InfluxDB 1.x, or 2.x/3.x through their v1 compatibility endpoints).
 *
 * @param username null for a server without authentication
 */
public record InfluxConfig(URI url, String database, String username, String password) {
    public InfluxConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        if (!database.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("influx database must match [A-Za-z0-9_.-]{1,64}");
        }
    }

    @Override
    public String toString() {
        return "InfluxConfig[" + url + ", database=" + database + (username == null ? "" : ", user=" + username) + "]";
    }
}
