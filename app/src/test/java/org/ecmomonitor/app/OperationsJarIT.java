package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 7 against the running jar: files owner-only, device strings escaped in the log, no secret in a
 * configuration error.
 */
class OperationsJarIT {
    private static final String DEVICE_PASSWORD = "console-b1-password";
    @TempDir
    Path dir;
    private Process monitor;
    private int mqttPort;

    @AfterEach
    void stop() throws Exception {
        if (monitor != null) {
            monitor.destroy();
            monitor.waitFor();
        }
    }

    private void start() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "feeds:\n  - device: console-b1\n    bed: B1\n    password: " + DEVICE_PASSWORD
                + "\n");
        RunningJar jar = RunningJar.start(dir, Map.of("ECMO_RECORD_DIR", dir.resolve("data/record").toString()),
                List.of("run", "--config", config.toString()));
        monitor = jar.process;
        mqttPort = jar.mqttPort;
        httpPort = jar.httpPort;
    }

    private int httpPort;

    /** Publishes as the configured feed, signed in (so the test holds whether anonymous devices are allowed). */
    private void publish(String payload) throws Exception {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(mqttPort),
                "-i", "console-b1", "-u", "console-b1", "-P", DEVICE_PASSWORD, "-t", "icu/B1/console-b1", "-q", "1",
                "-m", payload).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("mosquitto_pub: %s", out).isZero();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void everyFileTheRunningMonitorWritesIsOwnerOnlyAndADeviceCannotForgeALogLine() throws Exception {
        start();
        long ts = Instant.now().toEpochMilli();
        publish("{\"ts\":" + ts + ",\"signal\":\"map\",\"value\":64,\"unit\":\"mmHg\"}");
        publish("{\"ts\":" + ts + ",\"signal\":");
        publish("{\"ts\":" + ts + ",\"signal\":\"x\\r\\n00:00:00.000 ERROR [main] Monitor - FORGED\",\"value\":1}");
        // the first admin's generated password is deleted once changed (the forced change of the first sign-in)
        assertThat(mode(dir.resolve("data").resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE))).isEqualTo("rw-------");
        HttpResponse<String> backup = MonitorSession.admin(httpPort, dir.resolve("data"))
                .send("POST", "/api/admin/backup", "");
        assertThat(backup.statusCode()).as(backup.body()).isEqualTo(200);
        Path data = dir.resolve("data");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(data.resolve("record")));

        try (Stream<Path> all = Files.walk(data)) {
            List<Path> paths = all.toList();
            assertThat(paths).extracting(p -> data.relativize(p).toString()).contains("monitor.db", "samples.db",
                    "samples.db-wal", "deadletter/deadletter.jsonl");
            for (Path p : paths) {
                assertThat(mode(p)).as(data.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }

        Path err = dir.resolve("monitor.err");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(err).contains("FORGED"));
        List<String> lines = Files.readAllLines(err);
        assertThat(lines).anyMatch(l -> l.contains("x\\r\\n00:00:00.000 ERROR [main] Monitor - FORGED"));
        assertThat(lines).noneMatch(l -> l.startsWith("00:00:00.000 ERROR [main] Monitor - FORGED"));
    }

    @Test
    void aBrokenConfigurationIsReportedWithoutItsPasswords() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "broker_url: tcp://127.0.0.1:1883\nbroker_username: monitor\n"
                + "broker_password: Sup3rS3cret-42: oops\n");
        Process p = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString(), "run",
                "--config", config.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("configuration error").contains("line 3").doesNotContain("Sup3rS3cret");
    }

    @Test
    void aPortHeldByAnotherProgramIsNamedWithItsKeyAndLeavesNoPasswordFile() throws Exception {
        Path data = dir.resolve("held-data");
        try (java.net.ServerSocket held = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            ProcessBuilder pb = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString())
                    .redirectErrorStream(true);
            pb.environment().putAll(Map.of("ECMO_DATA_DIR", data.toString(), "ECMO_MQTT_PORT", "0",
                    "ECMO_HTTP_PORT", String.valueOf(held.getLocalPort())));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isEqualTo(2);
            assertThat(out).contains("cannot listen for http on 127.0.0.1:" + held.getLocalPort())
                    .contains("set ECMO_HTTP_PORT (http_port) to a free port");
            assertThat(data.resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE)).as("written only by a start that works")
                    .doesNotExist();
        }
        RunningJar first = RunningJar.start(dir, Map.of("ECMO_DATA_DIR", data.toString()));
        assertThat(first.stdout).anyMatch(l -> l.startsWith("created account admin; its password is in "));
        first.process.destroy();
        first.process.waitFor();
        RunningJar again = RunningJar.start(dir, Map.of("ECMO_DATA_DIR", data.toString()));
        monitor = again.process;
        assertThat(again.stdout).as("said again until an admin chooses a password")
                .anyMatch(l -> l.startsWith("account admin still has its generated password; it is in "));
    }
}
