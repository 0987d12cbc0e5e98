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
 */
public final class SqliteDatabase {
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
