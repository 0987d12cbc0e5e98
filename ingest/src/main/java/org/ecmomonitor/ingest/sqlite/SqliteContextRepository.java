package org.ecmomonitor.ingest.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextChange;
import org.ecmomonitor.ingest.ContextRepository;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoConfig;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.WireNamed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patient context in {@code monitor.db}: {@code bed_context} holds each bed's current context (one row per bed,
 * typed columns), {@code context_history} every update with the context it produced, so that the bed view can
 * show when the cannula side or the MAP target changed, and who changed it ({@code changed_by}: the device, the
 * site broker or the user; issue 14). A database made before v2 gets v2's columns at open.
 */
public final class SqliteContextRepository implements ContextRepository, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteContextRepository.class);
    private static final String COLUMNS = "weight_kg, arterial_cannula_side, ecmo_mode, crrt, map_target,"
            + " ecmo_flow_min, nirs_baseline_left, nirs_baseline_right, ecmo_config, oxygenator_changed_at,"
            + " anti_xa_min, anti_xa_max";
    /** v2's fields, added to a database made by an older monitor; old rows read them as unknown. */
    private static final Map<String, String> V2_COLUMNS = new LinkedHashMap<>();

    static {
        V2_COLUMNS.put("ecmo_config", "TEXT");
        V2_COLUMNS.put("oxygenator_changed_at", "INTEGER");
        V2_COLUMNS.put("anti_xa_min", "REAL");
        V2_COLUMNS.put("anti_xa_max", "REAL");
    }

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS bed_context (
              bed TEXT PRIMARY KEY, ts INTEGER NOT NULL, weight_kg REAL, arterial_cannula_side TEXT,
              ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL, nirs_baseline_left REAL,
              nirs_baseline_right REAL, ecmo_config TEXT, oxygenator_changed_at INTEGER, anti_xa_min REAL,
              anti_xa_max REAL);
            CREATE TABLE IF NOT EXISTS context_history (
              id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL, ts INTEGER NOT NULL, weight_kg REAL,
              arterial_cannula_side TEXT, ecmo_mode TEXT, crrt INTEGER, map_target REAL, ecmo_flow_min REAL,
              nirs_baseline_left REAL, nirs_baseline_right REAL, ecmo_config TEXT, oxygenator_changed_at INTEGER,
              anti_xa_min REAL, anti_xa_max REAL);
            CREATE INDEX IF NOT EXISTS context_history_bed ON context_history (bed, ts)""";

    private final Connection c;
    private final Map<String, PatientContext> current = new ConcurrentHashMap<>();
    private final Map<String, Long> since = new ConcurrentHashMap<>();

    public SqliteContextRepository(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        SqliteDatabase.execute(c, SCHEMA);
        for (String table : List.of("bed_context", "context_history")) {
            for (Map.Entry<String, String> col : V2_COLUMNS.entrySet()) {
                SqliteDatabase.addColumnIfMissing(c, table, col.getKey(), col.getValue());
            }
        }
        SqliteDatabase.addColumnIfMissing(c, "context_history", "changed_by", "TEXT");
        try (PreparedStatement ps = c.prepareStatement("SELECT bed, " + COLUMNS + " FROM bed_context");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                current.put(rs.getString(1), read(rs));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT bed, ts FROM bed_context");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                since.put(rs.getString(1), rs.getLong(2));
            }
        }
    }

    @Override
    public synchronized void save(List<ContextUpdate> updates) throws StoreException {
        Map<String, PatientContext> next = new HashMap<>();
        Map<String, Long> nextSince = new HashMap<>();
        try {
            SqliteDatabase.inTransaction(c, tx -> {
                try (PreparedStatement upsert = tx.prepareStatement("INSERT OR REPLACE INTO bed_context (bed, ts, "
                        + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                     PreparedStatement history = tx.prepareStatement("INSERT INTO context_history (bed, ts, "
                             + COLUMNS + ", changed_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (ContextUpdate u : updates) {
                        PatientContext before = next.getOrDefault(u.bed(), current.getOrDefault(u.bed(),
                                PatientContext.EMPTY));
                        PatientContext after = before.apply(u.set(), u.cleared());
                        next.put(u.bed(), after);
                        nextSince.put(u.bed(), u.tsMillis());
                        bind(upsert, u.bed(), u.tsMillis(), after);
                        upsert.executeUpdate();
                        bind(history, u.bed(), u.tsMillis(), after);
                        history.setString(15, u.changedBy());
                        history.executeUpdate();
                    }
                }
                return null;
            });
            current.putAll(next);
            since.putAll(nextSince);
        } catch (SQLException e) {
            throw new StoreException("cannot store context: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, PatientContext> current() {
        return Map.copyOf(current);
    }

    @Override
    public Map<String, Long> currentSince() {
        return Map.copyOf(since);
    }

    @Override
    public synchronized List<ContextChange> history(String bed, int limit) throws StoreException {
        List<ContextChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ts, " + COLUMNS + ", changed_by FROM context_history"
                + " WHERE bed = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, bed);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ContextChange(bed, rs.getLong(1), read(rs), rs.getString(14)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the context history of bed " + bed + ": " + e.getMessage(), e);
        }
        return out;
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
        ps.setString(11, p.ecmoConfig() == null ? null : p.ecmoConfig().wireName());
        if (p.oxygenatorChangedAtMillis() == null) {
            ps.setNull(12, Types.INTEGER);
        } else {
            ps.setLong(12, p.oxygenatorChangedAtMillis());
        }
        setDouble(ps, 13, p.antiXaMin());
        setDouble(ps, 14, p.antiXaMax());
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
                getDouble(rs, 6), getDouble(rs, 7), getDouble(rs, 8), getDouble(rs, 9),
                WireNamed.byWireName(EcmoConfig.class, rs.getString(10)).orElse(null),
                getLong(rs, 11), getDouble(rs, 12), getDouble(rs, 13));
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
