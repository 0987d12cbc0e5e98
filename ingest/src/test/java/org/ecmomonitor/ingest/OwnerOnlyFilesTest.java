package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: data files were world-readable (0644). Every file the monitor creates is 0600, every folder 0700. */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void sqliteDatabaseAndTheWalAndShmFilesSqliteMakesAreOwnerOnly() throws Exception {
        Path db = dir.resolve("data/sub/monitor.db");
        try (Connection c = SqliteDatabase.open(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x INTEGER)");
            st.execute("INSERT INTO t VALUES (1)");
            assertThat(Files.exists(dir.resolve("data/sub/monitor.db-wal"))).isTrue();
            for (String name : List.of("monitor.db", "monitor.db-wal", "monitor.db-shm")) {
                assertThat(mode(dir.resolve("data/sub").resolve(name))).as(name).isEqualTo("rw-------");
            }
        }
        assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("data/sub"))).isEqualTo("rwx------");
    }

    @Test
    void aDatabaseLeftWorldReadableByAnOlderVersionIsTightenedAtOpen() throws Exception {
        Path db = dir.resolve("samples.db");
        Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try (Connection c = SqliteDatabase.open(db); Statement st = c.createStatement()) {
            assertThat(mode(db)).isEqualTo("rw-------");
            st.execute("CREATE TABLE t (x INTEGER)");
            assertThat(mode(dir.resolve("samples.db-wal"))).isEqualTo("rw-------");
        }
    }

    @Test
    void theDeadLetterLogAndItsRotationsAreOwnerOnly() throws Exception {
        byte[] raw = new byte[300];
        Path folder = dir.resolve("deadletter");
        try (DeadLetterLog log = new DeadLetterLog(folder, 2048, 2)) {
            for (int i = 0; i < 20; i++) {
                log.append(List.of(new DeadLetter(0, "mqtt", "icu/B1/dev", "dev",
                        List.of(Rejection.ofMessage(RejectReason.MALFORMED_JSON, "bad")), raw, raw.length)));
            }
        }
        assertThat(mode(folder)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(3);
            for (Path p : all) {
                assertThat(mode(p)).as(p.getFileName().toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void existingFoldersAreLeftAsTheOperatorMadeThem() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("var"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        OwnerOnly.createFolders(existing.resolve("lib/ecmo"));
        assertThat(mode(existing)).isEqualTo("rwxr-x---");
        assertThat(mode(existing.resolve("lib"))).isEqualTo("rwx------");
        assertThat(mode(existing.resolve("lib/ecmo"))).isEqualTo("rwx------");
    }
}
