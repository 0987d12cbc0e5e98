package org.ecmomonitor.alerts.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;

/**
 * The alert outbox in {@code monitor.db}: alert events waiting to be published over MQTT, oldest first. Durable,
 * so that a broker outage or a restart loses nothing; bounded, so that a broker gone for days cannot fill the
 * disk: past the bound the oldest message is dropped and counted.
 */
public final class SqliteAlertOutbox implements AutoCloseable {
    /** A message waiting: its row id, topic and payload. */
    public record Message(long id, String topic, String payload) {
    }

    private final Connection c;
    private final int max;
    private long dropped;

    public SqliteAlertOutbox(Path monitorDb, int max) throws SQLException {
        if (max < 1) {
            throw new IllegalArgumentException("outbox bound must be positive");
        }
        this.max = max;
        this.c = SqliteDatabase.open(monitorDb);
        SqliteDatabase.execute(c, "CREATE TABLE IF NOT EXISTS alert_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " topic TEXT NOT NULL, payload TEXT NOT NULL)");
    }

    /** Adds a message; returns how many old messages had to be dropped to stay within the bound. */
    public synchronized int add(String topic, String payload) throws SQLException {
        int over = SqliteDatabase.inTransaction(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO alert_outbox (topic, payload) VALUES (?, ?)")) {
                ps.setString(1, topic);
                ps.setString(2, payload);
                ps.executeUpdate();
            }
            int excess = size() - max;
            if (excess > 0) {
                try (PreparedStatement ps = tx.prepareStatement(
                        "DELETE FROM alert_outbox WHERE id IN (SELECT id FROM alert_outbox ORDER BY id LIMIT ?)")) {
                    ps.setInt(1, excess);
                    ps.executeUpdate();
                }
            }
            return Math.max(excess, 0);
        });
        dropped += over;
        return over;
    }

    public synchronized List<Message> oldest(int n) throws SQLException {
        List<Message> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, topic, payload FROM alert_outbox ORDER BY id LIMIT ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    public synchronized void delete(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public synchronized int size() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert_outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public synchronized long dropped() {
        return dropped;
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
