package org.ecmomonitor.alerts.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.AuditEntry;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.Suppression;
import org.ecmomonitor.ingest.WireNamed;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;

/**
 * Alerts, their history and the audit log in {@code monitor.db}: {@code alerts} (one row per alert, its current
 * state), {@code alert_events} (every event, the history the bed view shows), {@code audit} (who did what, when,
 * why). Every write is committed before it returns, or with the rest of its unit ({@link #inUnit}: the engine
 * commits each batch's events together before it publishes them), so a restart restores the open alerts and their
 * history. Both alert tables keep {@code observed_at}, the observation time of the lab result or backlog sample
 * that decided an alert or event (alert-rules.md Time 4 and 5; null when it is the event's own time).
 */
public final class SqliteAlertRepository implements AlertRepository, AutoCloseable {
    private static final String COLUMNS = "id, bed, rule, alert_key, priority, state, raised_at, acknowledged_at,"
            + " acknowledged_by, ack_comment, cleared_at, value, message, level, observed_at";

    private final Connection c;

    public SqliteAlertRepository(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        AlertSchema.apply(c);
    }

    @Override
    public synchronized <T> T inUnit(Supplier<T> work) {
        try {
            if (!c.getAutoCommit()) {
                return work.get();
            }
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot begin a transaction: " + e.getMessage(), e);
        }
        RuntimeException failure = null;
        try {
            return work.get();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            IllegalStateException ended = endUnit();
            if (ended != null && failure == null) {
                throw ended;
            } else if (ended != null) {
                failure.addSuppressed(ended);
            }
        }
    }

    /** Commits the unit and goes back to a commit per statement; the error, if the commit failed. */
    private IllegalStateException endUnit() {
        IllegalStateException problem = null;
        try {
            c.commit();
        } catch (SQLException e) {
            problem = new IllegalStateException("cannot commit alerts: " + e.getMessage(), e);
        }
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            problem = problem != null ? problem
                    : new IllegalStateException("cannot end the transaction: " + e.getMessage(), e);
        }
        return problem;
    }

    @Override
    public synchronized long create(Alert a) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (bed, rule, alert_key, priority, state,"
                + " raised_at, acknowledged_at, acknowledged_by, ack_comment, cleared_at, value, message, level,"
                + " observed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, a);
            return insertReturningId(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store alert: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void update(Alert a) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET bed = ?, rule = ?, alert_key = ?,"
                + " priority = ?, state = ?, raised_at = ?, acknowledged_at = ?, acknowledged_by = ?, ack_comment = ?,"
                + " cleared_at = ?, value = ?, message = ?, level = ?, observed_at = ? WHERE id = ?")) {
            bind(ps, a);
            ps.setLong(15, a.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update alert " + a.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void append(AlertEvent e) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_events (alert_id, at, bed, rule, alert_key,"
                + " priority, event, value, message, level, observed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, e.alertId());
            ps.setLong(2, e.atMillis());
            ps.setString(3, e.bed());
            ps.setString(4, e.rule().name());
            ps.setString(5, e.key());
            ps.setString(6, e.priority().wireName());
            ps.setString(7, e.event().wireName());
            ps.setDouble(8, e.value());
            ps.setString(9, e.message());
            ps.setInt(10, e.level());
            setLong(ps, 11, e.observedAtMillis());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot store alert event: " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized void audit(long atMillis, String user, String action, String target, String detail) {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, user, action, target, detail) VALUES (?,?,?,?,?)")) {
            ps.setLong(1, atMillis);
            ps.setString(2, user);
            ps.setString(3, action);
            ps.setString(4, target);
            ps.setString(5, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write audit: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Alert> find(long alertId) {
        return query("SELECT " + COLUMNS + " FROM alerts WHERE id = " + alertId, null, -1).stream().findFirst();
    }

    @Override
    public synchronized List<Alert> open() {
        return query("SELECT " + COLUMNS + " FROM alerts WHERE state != 'cleared' ORDER BY id", null, -1);
    }

    @Override
    public synchronized List<Alert> list(boolean openOnly, String bed, int limit) {
        String where = (openOnly ? " WHERE state != 'cleared'" : " WHERE 1 = 1") + (bed == null ? "" : " AND bed = ?");
        return query("SELECT " + COLUMNS + " FROM alerts" + where + " ORDER BY raised_at DESC, id DESC LIMIT ?", bed,
                limit);
    }

    @Override
    public synchronized List<Alert> raisedBetween(long fromMillis, long toMillis) {
        List<Alert> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM alerts WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at, id")) {
            ps.setLong(1, fromMillis);
            ps.setLong(2, toMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alerts: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<AlertEvent> history(long alertId) {
        List<AlertEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, at, bed, rule, alert_key, priority, event,"
                + " value, message, level, observed_at FROM alert_events WHERE alert_id = ? ORDER BY id")) {
            ps.setLong(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rule(rs.getString(4)),
                            rs.getString(5), priority(rs.getString(6)),
                            WireNamed.byWireName(AlertEventType.class, rs.getString(7)).orElseThrow(),
                            rs.getDouble(8), rs.getString(9), rs.getInt(10), nullableLong(rs, 11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alert history: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized long create(Suppression x) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppressions (bed, rules, all_physiological,"
                + " from_at, until_at, reason, user, ended_at) VALUES (?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, x.bed());
            ps.setString(2, String.join(",", x.rules().stream().map(Rule::name).toList()));
            ps.setInt(3, x.allPhysiological() ? 1 : 0);
            ps.setLong(4, x.fromMillis());
            ps.setLong(5, x.untilMillis());
            ps.setString(6, x.reason());
            ps.setString(7, x.user());
            setLong(ps, 8, x.endedAtMillis());
            return insertReturningId(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store suppression: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void update(Suppression x) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE suppressions SET ended_at = ? WHERE id = ?")) {
            setLong(ps, 1, x.endedAtMillis());
            ps.setLong(2, x.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update suppression: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Suppression> suppressions(String bed, long atMillis) {
        List<Suppression> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, bed, rules, all_physiological, from_at, until_at,"
                + " reason, user, ended_at FROM suppressions WHERE from_at <= ? AND until_at > ?"
                + " AND (ended_at IS NULL OR ended_at > ?)" + (bed == null ? "" : " AND bed = ?") + " ORDER BY id")) {
            ps.setLong(1, atMillis);
            ps.setLong(2, atMillis);
            ps.setLong(3, atMillis);
            if (bed != null) {
                ps.setString(4, bed);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.util.Set<Rule> rules = java.util.EnumSet.noneOf(Rule.class);
                    for (String r : rs.getString(3).split(",")) {
                        if (!r.isBlank()) {
                            rules.add(rule(r));
                        }
                    }
                    out.add(new Suppression(rs.getLong(1), rs.getString(2), rules, rs.getInt(4) != 0, rs.getLong(5),
                            rs.getLong(6), rs.getString(7), rs.getString(8), nullableLong(rs, 9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read suppressions: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<AuditEntry> auditLog(int limit) {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, user, action, target, detail FROM audit ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read audit: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Alert> query(String sql, String bed, int limit) {
        List<Alert> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (bed != null) {
                ps.setString(i++, bed);
            }
            if (limit >= 0) {
                ps.setInt(i, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alerts: " + e.getMessage(), e);
        }
        return out;
    }

    private static long insertReturningId(PreparedStatement ps) throws SQLException {
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static Alert read(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong(1), rs.getString(2), rule(rs.getString(3)), rs.getString(4),
                priority(rs.getString(5)), WireNamed.byWireName(AlertState.class, rs.getString(6)).orElseThrow(),
                rs.getLong(7), nullableLong(rs, 8), rs.getString(9), rs.getString(10), nullableLong(rs, 11),
                rs.getDouble(12), rs.getString(13), rs.getInt(14), nullableLong(rs, 15));
    }

    private static void bind(PreparedStatement ps, Alert a) throws SQLException {
        ps.setString(1, a.bed());
        ps.setString(2, a.rule().name());
        ps.setString(3, a.key());
        ps.setString(4, a.priority().wireName());
        ps.setString(5, a.state().wireName());
        ps.setLong(6, a.raisedAtMillis());
        setLong(ps, 7, a.acknowledgedAtMillis());
        ps.setString(8, a.acknowledgedBy());
        ps.setString(9, a.ackComment());
        setLong(ps, 10, a.clearedAtMillis());
        ps.setDouble(11, a.value());
        ps.setString(12, a.message());
        ps.setInt(13, a.level());
        setLong(ps, 14, a.observedAtMillis());
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Rule rule(String name) {
        return Rule.byName(name).orElseThrow(() -> new IllegalStateException("unknown rule in database: " + name));
    }

    private static Priority priority(String name) {
        return WireNamed.byWireName(Priority.class, name).orElseThrow();
    }
}
