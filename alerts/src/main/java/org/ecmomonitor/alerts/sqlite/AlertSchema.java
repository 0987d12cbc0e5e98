package org.ecmomonitor.alerts.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;

/**
 * The alert tables of {@code monitor.db}, made when missing and brought up to date when made by an older version
 * of the monitor: a column added since is added to an existing database ({@code ALTER TABLE ... ADD COLUMN}), so
 * an upgrade keeps every alert, event and audit line.
 */
final class AlertSchema {
    private static final String TABLES = """
            CREATE TABLE IF NOT EXISTS alerts (
              id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL, rule TEXT NOT NULL, alert_key TEXT NOT NULL,
              priority TEXT NOT NULL, state TEXT NOT NULL, raised_at INTEGER NOT NULL, acknowledged_at INTEGER,
              acknowledged_by TEXT, ack_comment TEXT, cleared_at INTEGER, value REAL NOT NULL, message TEXT NOT NULL,
              level INTEGER NOT NULL DEFAULT 1, observed_at INTEGER);
            CREATE INDEX IF NOT EXISTS alerts_open ON alerts (state, bed);
            CREATE INDEX IF NOT EXISTS alerts_raised ON alerts (raised_at);
            CREATE TABLE IF NOT EXISTS alert_events (
              id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL, at INTEGER NOT NULL,
              bed TEXT NOT NULL, rule TEXT NOT NULL, alert_key TEXT NOT NULL, priority TEXT NOT NULL,
              event TEXT NOT NULL, value REAL NOT NULL, message TEXT NOT NULL, level INTEGER NOT NULL,
              observed_at INTEGER);
            CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events (alert_id);
            CREATE INDEX IF NOT EXISTS alert_events_bed ON alert_events (bed, at);
            CREATE TABLE IF NOT EXISTS suppressions (
              id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL, rules TEXT NOT NULL,
              all_physiological INTEGER NOT NULL, from_at INTEGER NOT NULL, until_at INTEGER NOT NULL,
              reason TEXT NOT NULL, user TEXT NOT NULL, ended_at INTEGER);
            CREATE TABLE IF NOT EXISTS audit (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT NOT NULL, detail TEXT NOT NULL)""";

    private AlertSchema() {
    }

    static void apply(Connection c) throws SQLException {
        SqliteDatabase.execute(c, TABLES);
        // Level 1 for alerts stored before escalation levels; no observation time for alerts and events stored
        // before v2's observedAt (alert-rules.md Time 4 and 5).
        addColumnIfMissing(c, "alerts", "level", "INTEGER NOT NULL DEFAULT 1");
        addColumnIfMissing(c, "alerts", "observed_at", "INTEGER");
        addColumnIfMissing(c, "alert_events", "observed_at", "INTEGER");
    }

    private static void addColumnIfMissing(Connection c, String table, String column, String definition)
            throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("name").equals(column)) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition);
        }
    }
}
