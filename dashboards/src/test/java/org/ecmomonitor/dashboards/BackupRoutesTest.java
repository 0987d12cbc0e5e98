package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.alerts.sqlite.SqliteAlertRepository;
import org.ecmomonitor.alerts.sqlite.SqliteAuditLog;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.ingest.sqlite.SqliteBackup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: no safe SQLite backup. {@code POST /api/admin/backup} makes a consistent copy, admin only, audited. */
class BackupRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T20:15:00Z"), ZoneOffset.UTC);
    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SqliteAlertRepository alerts;
    private SqliteAuditLog audit;
    private SqliteBackup backup;
    private ApiServer server;
    private ApiServer.Client admin;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("monitor.db");
        alerts = new SqliteAlertRepository(db);
        audit = new SqliteAuditLog(db);
        alerts.create(new Alert(0, "B3", Rule.MAP_LOW, "", Priority.MEDIUM, AlertState.ACTIVE,
                CLOCK.millis() - 60_000, null, null, null, null, 61, "MAP 61 mmHg below target 65 for 5 min", 1));
        Path samples = dir.resolve("samples.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + samples); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE vitals (bed TEXT, ts INTEGER, value REAL)");
            st.execute("INSERT INTO vitals VALUES ('B3', 1, 61.0)");
        }
        backup = new SqliteBackup(dir, List.of(db, samples), 2, CLOCK, meters);
        server = new ApiServer(dir, audit, CLOCK, routes -> new BackupRoutes(backup, audit, CLOCK).register(routes));
        admin = server.signIn(Role.ADMIN);
    }

    @AfterEach
    void stop() {
        server.close();
        alerts.close();
        audit.close();
    }

    @Test
    void anAdminsBackupIsAValidOwnerOnlyDatabaseWithTheAlertsAndIsAudited() throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/admin/backup", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        Path folder = Path.of(body.get("folder").asText());
        assertThat(folder).isEqualTo(dir.resolve("backup/20261129T201500Z"));
        JsonNode file = body.get("files").get(0);
        Path copy = Path.of(file.get("path").asText());
        assertThat(copy).isEqualTo(folder.resolve("monitor.db"));
        assertThat(file.get("bytes").asLong()).isEqualTo(Files.size(copy)).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = st.executeQuery("SELECT bed, rule FROM alerts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("B3 MAP_LOW");
            }
        }
        assertThat(body.get("files").get(1).get("path").asText()).isEqualTo(folder.resolve("samples.db").toString());
        assertThat(meters.get("ecmo.backup.last.success.seconds").gauge().value())
                .isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(audit.auditLog(10)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("admin.one");
            assertThat(e.action()).isEqualTo("backup");
            assertThat(e.detail()).contains(folder.toString());
        });
    }

    @Test
    void aBackupThatCannotBeWrittenIs503CountedAndAudited() throws Exception {
        Files.writeString(dir.resolve("backup"), "a file where the backup folder should be");
        HttpResponse<String> r = admin.send("POST", "/api/admin/backup", "");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("the backup failed");
        assertThat(meters.get("ecmo.backup.failures").counter().count()).isEqualTo(1);
        assertThat(audit.auditLog(10)).anySatisfy(e -> assertThat(e.action()).isEqualTo("backup failed"));
        assertThat(admin.send("POST", "/api/admin/backup", "").statusCode()).as("not left running").isEqualTo(503);
    }

    @Test
    void onlyAnAdminMayBackUp() throws Exception {
        assertThat(server.signIn(Role.NURSE).send("POST", "/api/admin/backup", "").statusCode()).isEqualTo(403);
        assertThat(server.signIn(Role.BIOMED).send("POST", "/api/admin/backup", "").statusCode()).isEqualTo(403);
        assertThat(server.stranger().send("POST", "/api/admin/backup", "").statusCode()).isEqualTo(401);
        assertThat(dir.resolve("backup")).doesNotExist();
    }

    @Test
    void aSecondBackupWhileOneRunsIsRefusedWith409() throws Exception {
        // a connection holding samples.db exclusively keeps the first backup waiting on it (busy timeout)
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("samples.db"));
             Statement st = lock.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            st.execute("BEGIN EXCLUSIVE");
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return admin.send("POST", "/api/admin/backup", "");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(4)).until(backup::running);
            HttpResponse<String> second = admin.send("POST", "/api/admin/backup", "");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("already running");
            st.execute("COMMIT");
            st.execute("PRAGMA locking_mode = NORMAL");
            st.execute("SELECT 1 FROM vitals");
            lock.close();
            assertThat(first.get().statusCode()).as(first.get().body()).isIn(200, 503);
        }
    }

    @Test
    void keepsTheNewestBackupsOnly() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(admin.send("POST", "/api/admin/backup", "").statusCode()).isEqualTo(200);
        }
        try (var folders = Files.list(dir.resolve("backup"))) {
            assertThat(folders.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("20261129T201500Z-2", "20261129T201500Z-3");
        }
        assertThat(backup.newest()).contains(CLOCK.instant());
    }
}
