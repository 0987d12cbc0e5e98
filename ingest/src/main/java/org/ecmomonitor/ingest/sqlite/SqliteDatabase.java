package org.ecmomonitor.ingest.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.ecmomonitor.ingest.OwnerOnly;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite files the way every adapter here needs them: WAL journal (readers never block the writer),
 * synchronous FULL (a commit survives power loss, since QoS 1 acknowledgements promise durability), foreign keys
 * on, and a busy timeout so that a short overlap between two connections waits instead of failing.
 *
 * <p>Transactions go through {@link #inTransaction} only. A connection stays in JDBC auto-commit mode and the
 * transaction is explicit SQL, because a disk-full commit wedged the driver's own transaction handling: SQLite
 * rolls a transaction back by itself when a write or a {@code COMMIT} fails with {@code SQLITE_FULL}, the driver
 * then answered every later {@code commit()} with "cannot commit - no transaction is active", and the store never
 * recovered when space returned (issue 14).
 */
public final class SqliteDatabase {
    /** Work done inside a transaction on the given connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private SqliteDatabase() {
    }

    /**
     * Opens (creating) the database file, 0600 in a folder created 0700. SQLite gives the {@code -wal},
     * {@code -shm} and {@code -journal} files it creates the permissions of the database file, so making that 0600
     * before the first open covers them; ones left by an older version are tightened too.
     */
    public static Connection open(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                OwnerOnly.createFolders(parent);
            }
            OwnerOnly.createFile(file);
            for (String companion : List.of("-wal", "-shm", "-journal")) {
                OwnerOnly.restrict(file.resolveSibling(file.getFileName() + companion));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + " (owner-only)", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5_000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * Runs {@code work} as one transaction ({@code BEGIN IMMEDIATE} ... {@code COMMIT}); when the work or the commit
     * fails, rolls back what is left of it and rethrows, leaving the connection ready for the next transaction
     * whatever SQLite had already undone. The connection must be in auto-commit mode (as {@link #open} makes it).
     */
    public static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("SQLite transactions need a connection in auto-commit mode");
        }
        begin(c);
        T result;
        try {
            result = work.run(c);
            run(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        }
        return result;
    }

    /**
     * Begins a transaction. Should one be open still (a rollback that failed, SQLITE_BUSY, left it so), it is
     * rolled back first rather than refusing every write from now on ("cannot start a transaction within a
     * transaction").
     */
    private static void begin(Connection c) throws SQLException {
        try {
            run(c, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) {
                throw e;
            }
            run(c, "ROLLBACK");
            run(c, "BEGIN IMMEDIATE");
        }
    }

    /**
     * Rolls back after a failure. After SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY or SQLITE_NOMEM SQLite may have rolled
     * the transaction back already; a ROLLBACK then fails harmlessly ("no transaction is active"), as the SQLite
     * documentation of those errors advises.
     */
    private static void rollback(Connection c, Exception cause) {
        try {
            run(c, "ROLLBACK");
        } catch (SQLException r) {
            if (r.getMessage() == null || !r.getMessage().contains("no transaction is active")) {
                cause.addSuppressed(r);
            }
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Adds a column to a table made by an older version of the monitor, so that an upgrade keeps its rows (which
     * read the new column as null, or as its default). Does nothing when the column is there. Names are ours,
     * never input.
     */
    public static void addColumnIfMissing(Connection c, String table, String column, String definition)
            throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("name").equalsIgnoreCase(column)) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition);
        }
    }

    /** Runs DDL statements separated by semicolons (schema set-up; no device input ever reaches it). */
    public static void execute(Connection c, String script) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : script.split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
    }
}
