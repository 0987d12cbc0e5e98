package org.ecmomonitor.ingest.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: table {@code vitals} in {@code samples.db}, the shape of contract §6 (bed, device, signal,
 * ts in epoch ms, value, artifact) plus the value and unit as sent, for audit; table {@code alerts} the shape of
 * the §6 alerts measurement. The primary key (bed, signal, ts,
 * device) clusters a bed's signal in time order, so a trend query reads one contiguous range, and makes a resent
 * QoS 1 message overwrite itself, as InfluxDB does.
 */
public final class SqliteSampleStore implements SampleStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSampleStore.class);

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS vitals (
              bed TEXT NOT NULL, signal TEXT NOT NULL, ts INTEGER NOT NULL, device TEXT NOT NULL,
              value REAL NOT NULL, artifact INTEGER NOT NULL, quality TEXT NOT NULL, status TEXT NOT NULL,
              specimen TEXT NOT NULL, raw_value REAL NOT NULL, raw_unit TEXT,
              PRIMARY KEY (bed, signal, ts, device)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS latest (
              bed TEXT NOT NULL, signal TEXT NOT NULL, ts INTEGER NOT NULL, device TEXT NOT NULL,
              value REAL NOT NULL, artifact INTEGER NOT NULL, PRIMARY KEY (bed, signal)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS alerts (
              ts INTEGER NOT NULL, bed TEXT NOT NULL, rule TEXT NOT NULL, priority TEXT NOT NULL,
              event TEXT NOT NULL, message TEXT NOT NULL, value REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS alerts_bed_ts ON alerts (bed, ts)""";
    private static final String INSERT = "INSERT OR REPLACE INTO vitals (bed, signal, ts, device, value, artifact,"
            + " quality, status, specimen, raw_value, raw_unit) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    /** Keeps the newest sample per bed and signal, so that the board's start needs no scan of the history. */
    private static final String UPSERT_LATEST = "INSERT INTO latest (bed, signal, ts, device, value, artifact)"
            + " VALUES (?,?,?,?,?,?) ON CONFLICT (bed, signal) DO UPDATE SET ts = excluded.ts, device = excluded.device,"
            + " value = excluded.value, artifact = excluded.artifact WHERE excluded.ts >= latest.ts";
    private static final String TREND = "SELECT ts - (((ts % ?1) + ?1) % ?1) AS t, MIN(value), AVG(value),"
            + " MAX(value), COUNT(*) FROM vitals WHERE bed = ?2 AND signal = ?3 AND ts >= ?4 AND ts < ?5"
            + " AND artifact = 0 GROUP BY t ORDER BY t";

    private final Path file;
    private final Clock clock;
    private final Duration retention;
    private final Connection writeConnection;
    private final Connection readConnection;
    private final PreparedStatement insert;
    private final PreparedStatement upsertLatest;
    private volatile String problem;
    private Long lastRetentionRun;

    /** @param retention samples older than this are deleted by {@link #tick()} */
    public SqliteSampleStore(Path file, Clock clock, Duration retention) throws SQLException {
        this.file = file;
        this.clock = clock;
        this.retention = retention;
        this.writeConnection = SqliteDatabase.open(file);
        SqliteDatabase.execute(writeConnection, SCHEMA);
        this.insert = writeConnection.prepareStatement(INSERT);
        this.upsertLatest = writeConnection.prepareStatement(UPSERT_LATEST);
        fillLatestIfMissing();
        this.readConnection = SqliteDatabase.open(file);
    }

    /** A file written before the {@code latest} table existed gets it filled once from the history. */
    private void fillLatestIfMissing() throws SQLException {
        SqliteDatabase.inTransaction(writeConnection, c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("INSERT OR IGNORE INTO latest (bed, signal, ts, device, value, artifact)"
                        + " SELECT bed, signal, MAX(ts), device, value, artifact FROM vitals"
                        + " WHERE NOT EXISTS (SELECT 1 FROM latest) GROUP BY bed, signal");
            }
        });
    }

    @Override
    public synchronized void write(List<Sample> samples) throws StoreException {
        try {
            SqliteDatabase.inTransaction(writeConnection, c -> {
                insertAll(samples);
                writeLatest(samples);
                return null;
            });
            problem = null;
        } catch (SQLException e) {
            problem = e.getMessage();
            throw new StoreException("SQLite write to " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void insertAll(List<Sample> samples) throws SQLException {
        try {
            for (Sample s : samples) {
                insert.setString(1, s.bed());
                insert.setString(2, s.signal().wireName());
                insert.setLong(3, s.tsMillis());
                insert.setString(4, s.device());
                insert.setDouble(5, s.value());
                insert.setInt(6, s.artifact() ? 1 : 0);
                insert.setString(7, s.quality().wireName());
                insert.setString(8, s.status().wireName());
                insert.setString(9, s.specimen().wireName());
                insert.setDouble(10, s.originalValue());
                insert.setString(11, s.originalUnit());
                insert.addBatch();
            }
            insert.executeBatch();
        } finally {
            insert.clearBatch();
        }
    }

    private record LatestKey(String bed, Signal signal) {
    }

    private void writeLatest(List<Sample> samples) throws SQLException {
        Map<LatestKey, Sample> newest = new HashMap<>();
        for (Sample s : samples) {
            newest.merge(new LatestKey(s.bed(), s.signal()), s, (a, b) -> b.tsMillis() >= a.tsMillis() ? b : a);
        }
        for (Sample s : newest.values()) {
            upsertLatest.setString(1, s.bed());
            upsertLatest.setString(2, s.signal().wireName());
            upsertLatest.setLong(3, s.tsMillis());
            upsertLatest.setString(4, s.device());
            upsertLatest.setDouble(5, s.value());
            upsertLatest.setInt(6, s.artifact() ? 1 : 0);
            upsertLatest.addBatch();
        }
        try {
            upsertLatest.executeBatch();
        } finally {
            upsertLatest.clearBatch();
        }
    }

    @Override
    public List<Sample> latest(long sinceMillis) throws StoreException {
        synchronized (readConnection) {
            try (PreparedStatement ps = readConnection.prepareStatement(
                    "SELECT bed, signal, ts, device, value, artifact FROM latest WHERE ts >= ?")) {
                ps.setLong(1, sinceMillis);
                List<Sample> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Optional<Signal> signal = Signal.byWireName(rs.getString(2));
                        if (signal.isPresent()) {
                            out.add(Sample.stored(rs.getString(1), rs.getString(4), signal.get(), rs.getLong(3),
                                    rs.getDouble(5), rs.getInt(6) != 0));
                        }
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("SQLite latest-values query failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void writeAlertPoints(List<AlertPoint> points) throws StoreException {
        try {
            SqliteDatabase.inTransaction(writeConnection, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (ts, bed, rule, priority, event,"
                        + " message, value) VALUES (?,?,?,?,?,?,?)")) {
                    for (AlertPoint p : points) {
                        ps.setLong(1, p.tsMillis());
                        ps.setString(2, p.bed());
                        ps.setString(3, p.rule());
                        ps.setString(4, p.priority());
                        ps.setString(5, p.event());
                        ps.setString(6, p.message());
                        ps.setDouble(7, p.value());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("SQLite alert point write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<TrendPoint> trend(TrendQuery q) throws StoreException {
        synchronized (readConnection) {
            try (PreparedStatement ps = readConnection.prepareStatement(TREND)) {
                ps.setLong(1, q.stepMillis());
                ps.setString(2, q.bed());
                ps.setString(3, q.signal().wireName());
                ps.setLong(4, q.fromMillis());
                ps.setLong(5, q.toMillis());
                List<TrendPoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TrendPoint(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                                rs.getLong(5)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("SQLite trend query failed: " + e.getMessage(), e);
            }
        }
    }

    /** Deletes samples past the retention, at most once an hour; per (bed, signal) range, so it uses the key. */
    @Override
    public synchronized void tick() {
        long now = clock.millis();
        if (lastRetentionRun != null && now - lastRetentionRun < Duration.ofHours(1).toMillis()) {
            return;
        }
        lastRetentionRun = now;
        long cutoff = now - retention.toMillis();
        try {
            int deleted = SqliteDatabase.inTransaction(writeConnection, c -> deleteBefore(c, cutoff));
            if (deleted > 0) {
                LOG.info("retention: deleted {} sample(s) older than {}", deleted, retention);
            }
        } catch (SQLException e) {
            LOG.error("retention run on {} failed: {}", file, e.getMessage());
        }
    }

    private static int deleteBefore(Connection c, long cutoff) throws SQLException {
        int deleted = 0;
        try (PreparedStatement pairs = c.prepareStatement("SELECT bed, signal FROM latest");
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM vitals WHERE bed = ? AND signal = ? AND ts < ?")) {
            try (ResultSet rs = pairs.executeQuery()) {
                while (rs.next()) {
                    delete.setString(1, rs.getString(1));
                    delete.setString(2, rs.getString(2));
                    delete.setLong(3, cutoff);
                    delete.addBatch();
                }
            }
            for (int n : delete.executeBatch()) {
                deleted += Math.max(n, 0);
            }
        }
        try (PreparedStatement gone = c.prepareStatement("DELETE FROM latest WHERE ts < ?")) {
            gone.setLong(1, cutoff);
            gone.executeUpdate();
        }
        return deleted;
    }

    /** The writing connection, for tests that fill the database up ({@code PRAGMA max_page_count}). */
    Connection writer() {
        return writeConnection;
    }

    @Override
    public ComponentHealth health() {
        String p = problem;
        return p == null ? ComponentHealth.up("store", "sqlite " + file)
                : ComponentHealth.down("store", "sqlite " + file + ": " + p);
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            writeConnection.close();
            readConnection.close();
        } catch (SQLException e) {
            LOG.warn("closing {}: {}", file, e.getMessage());
        }
    }
}
