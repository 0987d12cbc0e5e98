package org.ecmomonitor.ingest.influx;

import java.time.Duration;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets how long InfluxDB keeps the samples ({@code retention_days}; issue 14: data was kept forever): the
 * database's default retention policy (where writes without a policy go, and what queries read) gets that
 * duration; a database without one gets {@code ecmo_retention} as its default. Altering the existing default,
 * rather than adding another, keeps what it already holds visible to the trends.
 */
final class InfluxRetention {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxRetention.class);
    static final String OWN_POLICY = "ecmo_retention";

    /** The server answered but refused a statement. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private InfluxRetention() {
    }

    static void apply(InfluxDB influx, String database, Duration retention) {
        String duration = influxDuration(retention);
        String shards = influxDuration(shardDuration(retention));
        String current = defaultPolicy(run(influx, "SHOW RETENTION POLICIES ON " + quoted(database)));
        if (current == null) {
            run(influx, "CREATE RETENTION POLICY " + quoted(OWN_POLICY) + " ON " + quoted(database) + " DURATION "
                    + duration + " REPLICATION 1 SHARD DURATION " + shards + " DEFAULT");
            current = OWN_POLICY;
        } else {
            run(influx, "ALTER RETENTION POLICY " + quoted(current) + " ON " + quoted(database) + " DURATION "
                    + duration + " SHARD DURATION " + shards + " DEFAULT");
        }
        LOG.info("InfluxDB database {}: retention policy {} keeps samples {}", database, current, duration);
    }

    /** InfluxDB's own defaults for a policy of this duration (shards smaller than the policy). */
    static Duration shardDuration(Duration retention) {
        if (retention.compareTo(Duration.ofDays(2)) < 0) {
            return Duration.ofHours(1);
        }
        return retention.compareTo(Duration.ofDays(183)) <= 0 ? Duration.ofDays(1) : Duration.ofDays(7);
    }

    static String influxDuration(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }

    /** An identifier in double quotes, with quotes and backslashes escaped (InfluxQL). */
    static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static QueryResult run(InfluxDB influx, String statement) {
        QueryResult r = influx.query(new Query(statement));
        if (r.hasError()) {
            throw new Refused(r.getError());
        }
        for (QueryResult.Result each : r.getResults()) {
            if (each.hasError()) {
                throw new Refused(each.getError());
            }
        }
        return r;
    }

    /** The name of the policy marked default in SHOW RETENTION POLICIES, or null. */
    static String defaultPolicy(QueryResult r) {
        for (QueryResult.Result each : r.getResults()) {
            if (each.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : each.getSeries()) {
                List<String> columns = s.getColumns();
                int name = columns.indexOf("name");
                int isDefault = columns.indexOf("default");
                if (name < 0 || isDefault < 0) {
                    continue;
                }
                for (List<Object> row : s.getValues()) {
                    if (Boolean.TRUE.equals(row.get(isDefault)) && row.get(name) instanceof String n) {
                        return n;
                    }
                }
            }
        }
        return null;
    }
}
