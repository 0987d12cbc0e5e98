package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.ingest.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, started as the README says, fed with the command-line tools an operator would use
 * ({@code mosquitto_pub}, {@code influx}).
 */
class MonitorJarIT {

    @TempDir
    Path dir;
    private Process monitor;
    private List<String> stdout = List.of();
    private int mqttPort;
    private int httpPort;

    @AfterEach
    void stop() throws Exception {
        if (monitor != null) {
            monitor.destroy();
            assertThat(monitor.waitFor()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    /** Publishes as anonymous devices do; who may publish what is pinned by {@link DeviceAuthorityJarIT}. */
    private void start(Map<String, String> env) throws IOException {
        Map<String, String> anonymous = new java.util.HashMap<>(env);
        anonymous.putIfAbsent("ECMO_MQTT_ALLOW_ANONYMOUS", "true");
        RunningJar jar = RunningJar.start(dir, anonymous);
        monitor = jar.process;
        stdout = jar.stdout;
        mqttPort = jar.mqttPort;
        httpPort = jar.httpPort;
    }

    private String stderr() throws IOException {
        Path p = dir.resolve("monitor.err");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private void mosquittoPub(String payload) throws Exception {
        mosquittoPub("icu/B1/console", payload);
    }

    private void mosquittoPub(String topic, String payload) throws Exception {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(mqttPort),
                "-t", topic, "-q", "1", "-m", payload).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("mosquitto_pub: %s", out).isZero();
    }

    private MonitorSession admin;

    /** A GET as the first admin (every role may read the API; strangers may not). */
    private HttpResponse<String> get(String path) throws Exception {
        if (admin == null) {
            admin = MonitorSession.admin(httpPort, dir.resolve("data"));
        }
        return admin.get(path);
    }

    @Test
    void storesAKpaSampleAsMmHgInTheEmbeddedStoreAndRejectsGarbageVisibly() throws Exception {
        start(Map.of());
        long ts = Instant.now().toEpochMilli();
        mosquittoPub("{\"ts\":" + ts + ",\"signal\":\"map\",\"value\":8.4,\"unit\":\"kPa\"}");
        mosquittoPub("{\"ts\":" + ts + ",\"signal\":");
        mosquittoPub("{\"ts\":" + (ts + 1000) + ",\"signal\":\"map\",\"value\":64,\"unit\":\"mmHg\"}");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/samples.db"))) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT value FROM vitals WHERE bed = 'B1' AND signal = 'map' ORDER BY ts");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(63.0);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(64.0);
        }
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("ecmo_ingest_rejected_total{feed=\"console\",reason=\"malformed_json\"} 1.0");
        assertThat(Files.readString(dir.resolve("data/deadletter/deadletter.jsonl"))).contains("malformed_json");
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void storesTheSameSampleInInfluxWhenConfiguredTo() throws Exception {
        String db = "jar_" + UUID.randomUUID().toString().replace("-", "");
        start(Map.of("ECMO_STORE", "influx", "ECMO_INFLUX_URL", TestServers.influxUrl(), "ECMO_INFLUX_DATABASE", db));
        long ts = Instant.now().toEpochMilli();
        mosquittoPub("{\"ts\":" + ts + ",\"signal\":\"map\",\"value\":8.4,\"unit\":\"kPa\"}");
        URI influx = URI.create(TestServers.influxUrl());
        Process q = new ProcessBuilder("influx", "-host", influx.getHost(), "-port", String.valueOf(influx.getPort()),
                "-database", db, "-format", "csv", "-execute",
                "SELECT value FROM vitals WHERE bed = 'B1' AND signal = 'map'").redirectErrorStream(true).start();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor()).isZero();
        assertThat(out).contains("vitals," + ts + "000000,63");
    }

    @Test
    void aSamplePublishedOverMqttReachesAnAlertInTheApi() throws Exception {
        start(Map.of());
        long ts = Instant.now().minusSeconds(60).toEpochMilli();
        long sent = Instant.now().toEpochMilli();
        mosquittoPub("icu/B3/lab", "{\"ts\":" + ts + ",\"signal\":\"lactate\",\"value\":45,\"unit\":\"mg/dL\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/alerts?bed=B3").body().contains("LACTATE_HIGH"));
        String body = get("/api/alerts?state=active&bed=B3").body();
        assertThat(body).contains("\"rule\":\"LACTATE_HIGH\"").contains("\"priority\":\"medium\"")
                .contains("\"state\":\"active\"").contains("\"value\":5.0")
                .contains("\"observedAt\":\"" + Instant.ofEpochMilli(ts) + "\"");
        // a result drawn a minute ago is raised when it arrives (alert-rules.md Time 5), not in the past
        long raisedAt = Instant.parse(admin.json("/api/alerts?bed=B3").get(0).get("raisedAt").asText()).toEpochMilli();
        assertThat(raisedAt).isBetween(sent - 1_000, Instant.now().toEpochMilli());
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/api/alerts")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("strangers see no alerts").isEqualTo(401);
        assertThat(stdout).anyMatch(l -> l.startsWith("created account admin; its password is in "));
        long id = admin.json("/api/alerts?bed=B3").get(0).get("id").asLong();
        admin.createAccount("nurse.ann", "nurse", "ann-password");
        HttpResponse<String> ack = MonitorSession.signIn(httpPort, "nurse.ann", "ann-password").send("POST",
                "/api/alerts/" + id + "/ack", "{\"comment\": \"lab informed\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(get("/api/alerts?bed=B3").body()).contains("\"state\":\"acknowledged\"")
                .contains("\"acknowledgedBy\":\"nurse.ann\"");
        assertThat(get("/api/alerts?state=sometimes").statusCode()).isEqualTo(400);
        assertThat(get("/api/alerts?bed=B%201").statusCode()).isEqualTo(400);
        assertThat(get("/api/alerts?colour=red").statusCode()).isEqualTo(400);
        assertThat(get("/metrics").body()).contains("ecmo_alerts_events_total{event=\"raised\",rule=\"LACTATE_HIGH\"} 1.0");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/samples.db"))) {
            ResultSet rs = c.createStatement().executeQuery("SELECT rule, event FROM alerts WHERE bed = 'B3'");
            assertThat(rs.next()).as("alert event in the time-series store (contract §6)").isTrue();
            assertThat(rs.getString(1)).isEqualTo("LACTATE_HIGH");
        }
    }

    @Test
    void publishesAlertEventsToTheConfiguredBrokerAndHonoursAProcedureSuppression() throws Exception {
        List<String> paged = new CopyOnWriteArrayList<>();
        // paging middleware as an MQTT 3.1.1 client (Paho 1.2.5's MQTT 5 subscribe-with-listeners recurses on itself)
        org.eclipse.paho.client.mqttv3.MqttClient pager = new org.eclipse.paho.client.mqttv3.MqttClient(
                TestServers.brokerUrl(), "pager-" + UUID.randomUUID(),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        pager.connect();
        pager.subscribe("alerts/#", 1,
                (topic, m) -> paged.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
        try {
            start(Map.of("ECMO_ALERTS_BROKER_URL", TestServers.brokerUrl(),
                    "ECMO_ALERTS_BROKER_CLIENT_ID", "ecmo-jar-" + UUID.randomUUID()));
            MonitorSession.admin(httpPort, dir.resolve("data")).createAccount("dr.kim", "intensivist", "kim-password");
            HttpResponse<String> suppressed = MonitorSession.signIn(httpPort, "dr.kim", "kim-password").send("POST",
                    "/api/beds/B5/suppressions", "{\"rules\": [\"LACTATE_HIGH\"], \"minutes\": 5,"
                            + " \"reason\": \"sample drawn from the circuit\"}");
            assertThat(suppressed.statusCode()).isEqualTo(201);
            long ts = Instant.now().minusSeconds(10).toEpochMilli();
            mosquittoPub("icu/B5/lab", "{\"ts\":" + ts + ",\"signal\":\"lactate\",\"value\":6.0,\"unit\":\"mmol/L\"}");
            mosquittoPub("icu/B6/lab", "{\"ts\":" + ts + ",\"signal\":\"lactate\",\"value\":6.0,\"unit\":\"mmol/L\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> !paged.isEmpty());
            assertThat(paged).singleElement().satisfies(m -> {
                assertThat(m).startsWith("alerts/B6/LACTATE_HIGH {\"at\":\"");
                assertThat(m).contains("\"event\":\"raised\"").contains("\"priority\":\"medium\"")
                        .contains("\"observedAt\":\"" + Instant.ofEpochMilli(ts) + "\"");
            });
            assertThat(get("/api/alerts?bed=B5").body()).isEqualTo("[]");
            assertThat(get("/health").body()).contains("\"component\":\"alert-delivery\",\"status\":\"up\"");
        } finally {
            pager.disconnect();
            pager.close();
        }
    }

    @Test
    void replaysAFileAsTheContractSays() throws Exception {
        Path file = Path.of("..", "alerts", "src", "test", "resources", "replay", "example1-map-low.jsonl");
        Process p = new ProcessBuilder(javaBin(), "-jar", jar().toString(), "replay", file.toString())
                .redirectError(dir.resolve("replay.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.lines().toList()).containsExactly(
                "{\"at\":\"2026-11-21T08:15:05Z\",\"bed\":\"B1\",\"rule\":\"MAP_LOW\",\"priority\":\"medium\","
                        + "\"kind\":\"physiological\",\"event\":\"raised\",\"value\":61.0,"
                        + "\"message\":\"MAP 61 mmHg below target 65 for 5 min\"}",
                "{\"at\":\"2026-11-21T08:19:05Z\",\"bed\":\"B1\",\"rule\":\"MAP_LOW\",\"priority\":\"medium\","
                        + "\"kind\":\"physiological\",\"event\":\"cleared\",\"value\":70.0,"
                        + "\"message\":\"MAP 70 mmHg, at or above 67\"}");
        assertThat(Files.readString(dir.resolve("replay.err"))).contains("replay: 1500 lines read, 0 rejected");
        Process missing = new ProcessBuilder(javaBin(), "-jar", jar().toString(), "replay", "no-such-file.jsonl")
                .redirectErrorStream(true).start();
        missing.getInputStream().readAllBytes();
        assertThat(missing.waitFor()).isEqualTo(1);
    }

    @Test
    void refusesToStartWithABadConfigurationAndSaysWhy() throws Exception {
        ProcessBuilder bad = new ProcessBuilder(javaBin(), "-jar", jar().toString()).redirectErrorStream(true);
        bad.environment().put("ECMO_MQTT_PORT", "99999");
        Process b = bad.start();
        String out = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(b.waitFor()).isEqualTo(2);
        assertThat(out).contains("ECMO_MQTT_PORT must be within -1..65535, got 99999");
    }

    /** Collects a process's standard output, line by line, on a daemon thread. */
    static void collectLines(Process p, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path jar() {
        Path jar = Path.of("target", "ecmo-monitor.jar");
        assertThat(jar).as("the jar is built by `mvn package` before integration tests").exists();
        return jar;
    }
}
