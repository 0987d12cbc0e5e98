package org.ecmomonitor.ingest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one transaction path every SQLite store uses, under a full database (issue 14). */
class SqliteDatabaseTest {
    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        c = SqliteDatabase.open(dir.resolve("t.db"));
        SqliteDatabase.execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void aTransactionFailingOnAFullDatabaseLeavesTheConnectionReadyOnceSpaceReturns() throws Exception {
        fillUp();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> insert(200)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("full").hasMessageNotContaining("no transaction is active");
        }
        assertThat(c.getAutoCommit()).isTrue();

        exec("PRAGMA max_page_count = 1073741823");
        insert(200);

        assertThat(count()).isEqualTo(200);
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> SqliteDatabase.inTransaction(c, tx -> {
            insertRows(tx, 3);
            throw new IllegalStateException("half-way");
        })).hasMessage("half-way");

        assertThat(count()).isZero();
        insert(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aTransactionLeftOpenByEarlierTroubleIsRolledBackInsteadOfRefusingEveryWrite() throws Exception {
        exec("BEGIN");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES ('stray')")) {
            ps.executeUpdate();
        }

        insert(2);

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void refusesAConnectionOutOfAutoCommitMode() throws Exception {
        c.setAutoCommit(false);
        assertThatThrownBy(() -> insert(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auto-commit");
    }

    /** SQLite answers SQLITE_FULL as on a full disk once the file may not grow any more. */
    private void fillUp() throws SQLException {
        long pages;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            pages = rs.getLong(1);
        }
        exec("PRAGMA max_page_count = " + pages);
    }

    private void insert(int n) throws SQLException {
        SqliteDatabase.inTransaction(c, tx -> {
            insertRows(tx, n);
            return null;
        });
    }

    private static void insertRows(Connection tx, int n) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, "x".repeat(200));
                ps.executeUpdate();
            }
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            return rs.getLong(1);
        }
    }
}
