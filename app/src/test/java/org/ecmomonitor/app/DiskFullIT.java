package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, against the built jar on a real small filesystem ({@code ECMO_IT_SMALL_FS}, mounted by {@code .ci/run}):
 * two LACTATE_HIGH raised while monitor.db's disk was full never reached the alert table, the board or the history;
 * /health said the alert engine was up; SQLite ingest never recovered once space was freed; sign-in and
 * acknowledge answered 500, and a retried acknowledge 409.
 */
class DiskFullIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Path data;
    private Path filler;
    private RunningJar jar;

    @BeforeEach
    void onTheSmallFilesystem() throws IOException {
        String fs = System.getenv("ECMO_IT_SMALL_FS");
        if (fs == null || fs.isBlank()) {
            throw new IllegalStateException("ECMO_IT_SMALL_FS is not set: DiskFullIT needs a small filesystem to fill"
                    + " (bash .ci/run mounts one; by hand: mount -t tmpfs -o size=8m tmpfs DIR and"
                    + " ECMO_IT_SMALL_FS=DIR)");
        }
        Path root = Path.of(fs);
        assertThat(root).as("ECMO_IT_SMALL_FS").isDirectory();
        data = root.resolve("disk-full-it-" + System.nanoTime());
        filler = root.resolve("filler-" + System.nanoTime());
    }

    @AfterEach
    void stopAndClean() throws Exception {
        stop();
        Files.deleteIfExists(filler);
        if (data != null && Files.exists(data)) {
            try (Stream<Path> all = Files.walk(data)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void start() throws IOException {
        // anonymous devices opted in: this test is about the disk, DeviceAuthorityJarIT about who may publish
        jar = RunningJar.start(dir, Map.of("ECMO_DATA_DIR", data.toString(), "ECMO_MQTT_ALLOW_ANONYMOUS", "true"));
    }

    private void stop() throws InterruptedException {
        if (jar != null) {
            jar.process.destroy();
            assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).as("monitor stops on SIGTERM").isTrue();
            jar = null;
        }
    }

    @Test
    void anAlertRaisedWhileTheDiskIsFullIsShownAndStoredOnceSpaceReturnsWithoutARestart() throws Exception {
        start();
        MonitorSession admin = MonitorSession.admin(jar.httpPort, data);   // with the first sign-in's change
        admin.createAccount("nurse.ann", "nurse", "ann-password");
        MonitorSession nurse = MonitorSession.signIn(jar.httpPort, "nurse.ann", "ann-password");
        publish(1, "icu/B1/console", map(Instant.now().toEpochMilli(), 8.4));
        assertThat(health().get("status").asText()).isEqualTo("up");

        long free = fill();
        assertThat(free).as("bytes left on the small filesystem").isLessThan(4096);
        long drawn = Instant.now().minusSeconds(60).toEpochMilli();
        publish(0, "icu/B3/lab", "{\"ts\":" + drawn + ",\"signal\":\"lactate\",\"value\":45,\"unit\":\"mg/dL\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/alerts?bed=B3").body()
                .contains("LACTATE_HIGH"));
        JsonNode shown = admin.json("/api/alerts?bed=B3").get(0);
        long id = shown.get("id").asLong();
        String raisedAt = shown.get("raisedAt").asText();
        assertThat(shown.get("state").asText()).isEqualTo("active");
        assertThat(shown.path("stored").asBoolean(true)).as("marked as not yet stored: %s", shown).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> health().toString().contains("degraded"));
        JsonNode alertsHealth = component(health(), "alerts");
        assertThat(alertsHealth.get("status").asText()).isEqualTo("down");
        assertThat(alertsHealth.get("detail").asText()).startsWith("degraded: ").contains("not yet stored");
        assertThat(storedAlert(id)).as("not in monitor.db while the disk is full").isNull();

        HttpResponse<String> signIn = signIn("nurse.ann", "ann-password");
        assertThat(signIn.statusCode()).as(signIn.body()).isIn(200, 503);
        if (signIn.statusCode() == 503) {
            assertThat(JSON.readTree(signIn.body()).get("error").asText()).contains("storage full or unavailable");
        }
        HttpResponse<String> ack = nurse.send("POST", "/api/alerts/" + id + "/ack", "{\"comment\": \"lab\"}");
        assertThat(ack.statusCode()).as(ack.body()).isIn(200, 503);

        Files.delete(filler);

        await().atMost(Duration.ofSeconds(20)).until(() -> health().get("status").asText().equals("up"));
        await().atMost(Duration.ofSeconds(10)).until(() -> storedAlert(id) != null);
        assertThat(storedAlert(id)).isEqualTo(Instant.parse(raisedAt).toEpochMilli());
        assertThat(admin.json("/api/alerts?bed=B3").get(0).has("stored")).isFalse();
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> again = nurse.send("POST", "/api/alerts/" + id + "/ack", "{}");
            assertThat(again.statusCode()).as("a retried acknowledgement: %s", again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).get("state").asText()).isEqualTo("acknowledged");
        }
        long later = Instant.now().toEpochMilli();
        publish(1, "icu/B1/console", map(later, 9.0));
        assertThat(storedSample(later)).as("ingest stores samples again, no restart").isTrue();

        stop();
        start();
        JsonNode restored = MonitorSession.signIn(jar.httpPort, "nurse.ann", "ann-password")
                .json("/api/alerts?state=all&bed=B3").get(0);
        assertThat(restored.get("id").asLong()).isEqualTo(id);
        assertThat(restored.get("raisedAt").asText()).isEqualTo(raisedAt);
        assertThat(restored.get("state").asText()).isEqualTo("acknowledged");
    }

    /** Writes a file until the filesystem is full; returns the bytes still free. */
    private long fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] chunk = new byte[1 << 20];
            for (int size = chunk.length; size >= 512; size /= 2) {
                try {
                    while (true) {
                        out.write(chunk, 0, size);
                        out.flush();
                    }
                } catch (IOException full) {
                    // no room for a chunk this size: try a smaller one
                }
            }
        } catch (IOException closing) {
            // closing flushes nothing left; the file holds what fitted
        }
        return Files.getFileStore(filler).getUsableSpace();
    }

    private static String map(long ts, double kPa) {
        return "{\"ts\":" + ts + ",\"signal\":\"map\",\"value\":" + kPa + ",\"unit\":\"kPa\"}";
    }

    /** QoS 1 returns once the monitor has stored the message (PUBACK); QoS 0 once it is sent. */
    private void publish(int qos, String topic, String payload) throws Exception {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(jar.mqttPort),
                "-t", topic, "-q", String.valueOf(qos), "-m", payload).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("mosquitto_pub answered").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("mosquitto_pub: %s", out).isZero();
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", user)
                        .put("password", password).toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode component(JsonNode health, String name) {
        for (JsonNode c : health.get("components")) {
            if (c.get("component").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no component " + name + " in " + health);
    }

    /** The alert's raise time as monitor.db holds it, or null when it is not there. */
    private Long storedAlert(long id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("monitor.db"));
             PreparedStatement ps = c.prepareStatement("SELECT raised_at FROM alerts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private boolean storedSample(long ts) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("samples.db"));
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vitals WHERE bed = 'B1' AND ts = ?")) {
            ps.setLong(1, ts);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        }
    }
}
