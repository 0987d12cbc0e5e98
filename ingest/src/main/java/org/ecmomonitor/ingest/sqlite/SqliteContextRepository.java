package org.ecmomonitor.ingest.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextRepository;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.WireNamed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patient context in {@code monitor.db}: {@code bed_context} holds each bed's current context (one row per bed,
 * typed columns), {@code context_history} every update with the context it produced, so that the bed view can
 * show when the cannula side or the MAP target changed.
 */
public final class SqliteContextRepository implements ContextRepository, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteContextRepository.class);
    private static final String COLUMNS = "weight_kg, arterial_cannula_side, ecmo_mode, crrt, map_target,"
            + " ecmo_flow_min, nirs_baseline_left, nirs_baseline_right";
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS bed_context (
              bed TEXT PRIMARY KEY, ts INTEGER NOT NULL, weight_kg REAL, arterial_cannula_side TEXT,
              ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL, nirs_baseline_left REAL,
              nirs_baseline_right REAL);
            CREATE TABLE IF NOT EXISTS context_history (
              id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL, ts INTEGER NOT NULL, weight_kg REAL,
              arterial_cannula_side TEXT, ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL,
              nirs_baseline_left REAL, nirs_baseline_right REAL);
            CREATE INDEX IF NOT EXISTS context_history_bed ON context_history (bed, ts)""";

    private final Connection c;
    private final Map<String, PatientContext> current = new ConcurrentHashMap<>();

    public SqliteContextRepository(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        SqliteDatabase.execute(c, SCHEMA);
        try (PreparedStatement ps = c.prepareStatement("SELECT bed, " + COLUMNS + " FROM bed_context");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                current.put(rs.getString(1), read(rs));
            }
        }
    }

    @Override
    public synchronized void save(List<ContextUpdate> updates) throws StoreException {
        Map<String, PatientContext> next = new HashMap<>();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement("INSERT OR REPLACE INTO bed_context (bed, ts, "
                    + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement history = c.prepareStatement("INSERT INTO context_history (bed, ts, "
                         + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (ContextUpdate u : updates) {
                    PatientContext before = next.getOrDefault(u.bed(), current.getOrDefault(u.bed(),
                            PatientContext.EMPTY));
                    PatientContext after = before.apply(u.set(), u.cleared());
                    next.put(u.bed(), after);
                    bind(upsert, u.bed(), u.tsMillis(), after);
                    upsert.executeUpdate();
                    bind(history, u.bed(), u.tsMillis(), after);
                    history.executeUpdate();
                }
            }
            c.commit();
            current.putAll(next);
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                LOG.warn("context rollback failed: {}", r.getMessage());
            }
            throw new StoreException("cannot store context: " + e.getMessage(), e);
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warn("context connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public Map<String, PatientContext> current() {
        return Map.copyOf(current);
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing context repository: {}", e.getMessage());
        }
    }

    private static void bind(PreparedStatement ps, String bed, long ts, PatientContext p) throws SQLException {
        ps.setString(1, bed);
        ps.setLong(2, ts);
        setDouble(ps, 3, p.weightKg());
        ps.setString(4, p.arterialCannulaSide() == null ? null : p.arterialCannulaSide().wireName());
        ps.setString(5, p.ecmoMode() == null ? null : p.ecmoMode().wireName());
        if (p.crrt() == null) {
            ps.setNull(6, Types.INTEGER);
        } else {
            ps.setInt(6, p.crrt() ? 1 : 0);
        }
        setDouble(ps, 7, p.mapTarget());
        setDouble(ps, 8, p.ecmoFlowMin());
        setDouble(ps, 9, p.nirsBaselineLeft());
        setDouble(ps, 10, p.nirsBaselineRight());
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.REAL);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static PatientContext read(ResultSet rs) throws SQLException {
        return new PatientContext(getDouble(rs, 2),
                WireNamed.byWireName(CannulaSide.class, rs.getString(3)).orElse(null),
                WireNamed.byWireName(EcmoMode.class, rs.getString(4)).orElse(null),
                rs.getObject(5) == null ? null : rs.getInt(5) != 0,
                getDouble(rs, 6), getDouble(rs, 7), getDouble(rs, 8), getDouble(rs, 9));
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
