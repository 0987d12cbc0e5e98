package org.ecmomonitor.alerts.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.alerts.AuditEntry;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;

/**
 * The audit log in table {@code audit} of {@code monitor.db} (the table the alert repository kept it in before,
 * so existing lines stay), on a connection of its own: a sign-in's audit line commits at once and never waits for
 * the rule engine's alert writes.
 */
public final class SqliteAuditLog implements AuditLog, AutoCloseable {
    private final Connection c;

    public SqliteAuditLog(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        AlertSchema.apply(c);
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
            throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
        }
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
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
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
}
