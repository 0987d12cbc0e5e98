package org.ecmomonitor.dashboards.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecmomonitor.dashboards.auth.Account;
import org.ecmomonitor.dashboards.auth.AccountRepository;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;

/**
 * Accounts in {@code monitor.db}: table {@code accounts} (name, role, bcrypt hash, disabled, password change
 * required).
 */
public final class SqliteAccountRepository implements AccountRepository, AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS accounts (
              name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
              disabled INTEGER NOT NULL DEFAULT 0, password_change_required INTEGER NOT NULL DEFAULT 0)""";
    private static final String COLUMNS = "name, role, password_hash, disabled, password_change_required";

    private final Connection c;

    public SqliteAccountRepository(Path monitorDb) throws SQLException {
        this.c = SqliteDatabase.open(monitorDb);
        SqliteDatabase.execute(c, SCHEMA);
        // databases made before the forced password change (issue 14) lack the column; it reads as 0
        SqliteDatabase.addColumnIfMissing(c, "accounts", "password_change_required", "INTEGER NOT NULL DEFAULT 0");
    }

    @Override
    public synchronized Optional<Account> find(String name) {
        List<Account> found = query("SELECT " + COLUMNS + " FROM accounts WHERE name = ?", name);
        return found.stream().findFirst();
    }

    @Override
    public synchronized List<Account> all() {
        return query("SELECT " + COLUMNS + " FROM accounts ORDER BY name", null);
    }

    @Override
    public synchronized void save(Account a) {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO accounts (" + COLUMNS + ") VALUES (?,?,?,?,?)")) {
            ps.setString(1, a.name());
            ps.setString(2, a.role().wireName());
            ps.setString(3, a.passwordHash());
            ps.setInt(4, a.disabled() ? 1 : 0);
            ps.setInt(5, a.passwordChangeRequired() ? 1 : 0);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save account " + a.name() + ": " + e.getMessage(), e);
        }
    }

    private List<Account> query(String sql, String name) {
        List<Account> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Role role = Role.byWireName(rs.getString(2)).orElseThrow(() -> new IllegalStateException(
                            "accounts table holds an unknown role"));
                    out.add(new Account(rs.getString(1), role, rs.getString(3), rs.getInt(4) != 0,
                            rs.getInt(5) != 0));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accounts: " + e.getMessage(), e);
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
