package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecmomonitor.ingest.tls.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar with MQTT over TLS (client certificates required, plain MQTT off, anonymous devices refused) and
 * HTTPS next to plain HTTP, from a CA and certificates made at test time, driven by real TLS clients:
 * {@code mosquitto_pub --cafile} and Java's HttpClient trusting the test CA.
 */
class TlsJarIT {
    private static final Pattern LISTENING = Pattern.compile("^(mqtt|mqtts|http|https) listening on ([0-9.]+):(\\d+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Issued server;
    static TestPki.Issued consoleB1;
    static Process monitor;
    static final List<String> stdout = new CopyOnWriteArrayList<>();
    static final Map<String, Integer> ports = new HashMap<>();
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        server = pki.server("monitor", TestPki.KeyFormat.PKCS1_RSA, 30);
        consoleB1 = pki.client("console-b1");
        https = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                mqtt_port: -1
                mqtt_tls_port: 0
                mqtt_tls_client_auth: require
                mqtt_tls_client_ca_file: %s
                mqtt_allow_anonymous: false
                http_port: 0
                http_tls_port: 0
                tls_cert_file: %s
                tls_key_file: %s
                feeds:
                  - device: console-b1
                    bed: B1
                  - device: monitor-b2
                    bed: B2
                    password: monitor-b2-password
                """.formatted(pki.caCert, server.cert(), server.key()));
        monitor = jar(config, Map.of(), stdout);
        await().atMost(Duration.ofSeconds(30)).until(() -> listening().size() == 3 || !monitor.isAlive());
        assertThat(monitor.isAlive()).as("monitor running; stderr: %s", stderr()).isTrue();
        ports.putAll(listening());
    }

    @AfterAll
    static void stop() throws Exception {
        if (monitor != null) {
            monitor.destroy();
            assertThat(monitor.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Process jar(Path config, Map<String, String> env, List<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString(),
                "--config", config.toString()).redirectError(dir.resolve("monitor.err").toFile());
        pb.environment().put("ECMO_DATA_DIR", dir.resolve("data").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        MonitorJarIT.collectLines(p, lines);
        return p;
    }

    private static Map<String, Integer> listening() {
        Map<String, Integer> out = new HashMap<>();
        for (String line : stdout) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                out.put(m.group(1), Integer.parseInt(m.group(3)));
            }
        }
        return out;
    }

    private static String stderr() throws IOException {
        Path p = dir.resolve("monitor.err");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static ProcessResult mosquittoPub(List<String> tlsArgs, String topic, String payload) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(ports.get("mqtts")), "-i", "tls-it-" + System.nanoTime(), "-t", topic, "-q", "1",
                "-m", payload));
        cmd.addAll(tlsArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    record ProcessResult(int exit, String output) {
    }

    private static String map(double kpa) {
        return "{\"ts\":" + Instant.now().toEpochMilli() + ",\"signal\":\"map\",\"value\":" + kpa + ",\"unit\":\"kPa\"}";
    }

    private static final String ADMIN_PASSWORD = "tls-admin-password-42";
    private static boolean adminPasswordChanged;

    /**
     * Signs in as the first admin over HTTPS; returns the response (cookie and CSRF token in it). The first time,
     * with the generated password, which must be changed before anything else (done here, over HTTPS too).
     */
    private static synchronized HttpResponse<String> signIn() throws Exception {
        if (adminPasswordChanged) {
            return login(ADMIN_PASSWORD);
        }
        HttpResponse<String> first = login(MonitorSession.initialAdminPassword(dir.resolve("data")));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String cookie = first.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> changed = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + ports.get("https") + "/api/password"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", JSON.readTree(first.body()).path("csrf").asText())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("current", MonitorSession.initialAdminPassword(dir.resolve("data")))
                        .put("new", ADMIN_PASSWORD).toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        adminPasswordChanged = true;
        return changed;
    }

    private static HttpResponse<String> login(String password) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.get("https") + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", "admin")
                        .put("password", password).toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String apiOverHttps(String path) throws Exception {
        String cookie = signIn().headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                + ports.get("https") + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void printsTheTlsListenersAndNoPlainMqtt() {
        assertThat(ports).containsOnlyKeys("mqtts", "http", "https");
        assertThat(stdout).anyMatch(l -> l.matches("mqtts listening on 127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void aDeviceWithItsCertificatePublishesWithoutAPasswordAndTheSampleIsStoredAndShown() throws Exception {
        ProcessResult r = mosquittoPub(List.of("--cafile", pki.caCert.toString(), "--cert",
                consoleB1.cert().toString(), "--key", consoleB1.key().toString()), "icu/B1/console-b1", map(8.4));
        assertThat(r.exit()).as("mosquitto_pub: %s", r.output()).isZero();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/samples.db"))) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT value, device FROM vitals WHERE bed = 'B1' AND signal = 'map'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(63.0);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(JSON.readTree(
                apiOverHttps("/api/beds/B1")).toString()).contains("\"map\"").contains("63.0"));
    }

    @Test
    void aDeviceWithoutACertificateIsRefusedEvenWithItsPassword() throws Exception {
        ProcessResult r = mosquittoPub(List.of("--cafile", pki.caCert.toString(), "-u", "monitor-b2", "-P",
                "monitor-b2-password"), "icu/B2/monitor-b2", map(9.0));
        assertThat(r.exit()).as("mosquitto_pub: %s", r.output()).isNotZero();
        assertThat(apiOverHttps("/api/beds")).doesNotContain("\"B2\"");
    }

    @Test
    void aPlainTextClientOnTheTlsPortFails() throws Exception {
        ProcessResult r = mosquittoPub(List.of("-u", "monitor-b2", "-P", "monitor-b2-password"), "icu/B2/monitor",
                map(9.0));
        assertThat(r.exit()).as("mosquitto_pub: %s", r.output()).isNotZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> stderr().contains("TLS handshake with /127.0.0.1:"));
        assertThat(stderr()).doesNotContain("monitor-b2-password");
        String metrics = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.get("https")
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("ecmo_tls_handshake_failures_total\\{listener=\"mqtts\"\\} [1-9]")
                .containsPattern("ecmo_tls_certificate_expiry_seconds\\{listener=\"https\"\\} [0-9]");
    }

    @Test
    void aSignInOverHttpsGetsASecureCookieAndHsts() throws Exception {
        HttpResponse<String> r = signIn();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("set-cookie").orElseThrow()).containsIgnoringCase("; Secure");
        assertThat(r.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000");
    }

    @Test
    void plainHttpSendsTheBoardToHttpsAndRefusesASignIn() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + ports.get("http");
        HttpResponse<String> board = plain.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(board.statusCode()).isEqualTo(301);
        assertThat(board.headers().firstValue("location")).hasValue("https://127.0.0.1:" + ports.get("https") + "/");
        HttpResponse<String> login = plain.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"admin\",\"password\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(403);
        assertThat(plain.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aGarbledKeyFileStopsTheStartWithAMessageNamingTheKeyAndTheFile() throws Exception {
        Path garbled = Files.writeString(dir.resolve("garbled.key"),
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n");
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                mqtt_port: 0
                http_port: 0
                http_tls_port: 0
                tls_cert_file: %s
                tls_key_file: %s
                data_dir: %s
                """.formatted(server.cert(), garbled, dir.resolve("bad-data")));
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessBuilder pb = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString(),
                "--config", config.toString()).redirectErrorStream(true);
        Process p = pb.start();
        MonitorJarIT.collectLines(p, lines);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.startsWith(
                "configuration error: ECMO_TLS_KEY_FILE (tls_key_file): " + garbled)));
        assertThat(String.join("\n", lines)).doesNotContain("bm90IGEga2V5").doesNotContain("listening on");
    }

    @Test
    void aMissingCertificateFileStopsTheStartNamingIt() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Map<String, String> env = Map.of("ECMO_MQTT_TLS_PORT", "0", "ECMO_TLS_CERT_FILE", missing.toString(),
                "ECMO_TLS_KEY_FILE", server.key().toString(), "ECMO_DATA_DIR", dir.resolve("missing-data").toString(),
                "ECMO_MQTT_PORT", "0", "ECMO_HTTP_PORT", "0");
        ProcessBuilder pb = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("configuration error: ECMO_TLS_CERT_FILE (tls_cert_file): " + missing
                + " does not exist");
    }
}
