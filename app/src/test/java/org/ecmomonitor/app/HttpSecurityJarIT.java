package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's sign-in and Host findings against the built jar in {@code run} mode: the generated admin password
 * must be changed first, guesses from one computer do not lock the name out at another, {@code next} never leads
 * off-site, requests for a foreign Host are refused, and the liveness and readiness probes answer.
 */
class HttpSecurityJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dir;
    private RunningJar jar;

    @BeforeEach
    void start() throws Exception {
        jar = RunningJar.start(dir, Map.of("ECMO_HTTP_ALLOWED_HOSTS", "ecmo.icu.example"));
    }

    @AfterEach
    void stop() throws Exception {
        jar.process.destroy();
        assertThat(jar.process.waitFor()).isIn(0, 143);
    }

    /** One request over a socket from {@code from} (a loopback address standing for another computer). */
    private String raw(String from, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), jar.httpPort, InetAddress.getByName(from), 0)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String login(String user, String password) {
        String body = JSON.createObjectNode().put("user", user).put("password", password).toString();
        return "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGeneratedAdminPasswordOpensNothingButItsChangeAndIsDeletedOnceChanged() throws Exception {
        Path file = dir.resolve("data").resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE);
        HttpResponse<String> first = MonitorSession.login(jar.httpPort, "admin", MonitorSession.initialAdminPassword(
                dir.resolve("data")));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("passwordChangeRequired").asBoolean()).isTrue();
        String cookie = first.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> accounts = get("/api/accounts", cookie);
        assertThat(accounts.statusCode()).isEqualTo(403);
        assertThat(accounts.body()).contains("password change required");
        HttpResponse<String> board = get("/", cookie);
        assertThat(board.statusCode()).isEqualTo(303);
        assertThat(board.headers().firstValue("location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("/password"));
        assertThat(file).exists();

        MonitorSession admin = MonitorSession.admin(jar.httpPort, dir.resolve("data"));
        assertThat(file).as("deleted once the admin chose a password").doesNotExist();
        assertThat(admin.get("/api/accounts").statusCode()).isEqualTo(200);
        assertThat(admin.json("/api/audit?limit=10").findValuesAsText("action")).contains("password changed");
    }

    @Test
    void anInstallFromBeforeTheForcedChangeStillOnItsGeneratedPasswordMustChangeItToo() throws Exception {
        stop();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dir.resolve("data/monitor.db"))) {
            c.createStatement().executeUpdate("UPDATE accounts SET password_change_required = 0");
        }
        start();
        HttpResponse<String> r = MonitorSession.login(jar.httpPort, "admin", MonitorSession.initialAdminPassword(
                dir.resolve("data")));
        assertThat(JSON.readTree(r.body()).get("passwordChangeRequired").asBoolean()).isTrue();
    }

    @Test
    void guessesFromAnotherComputerDoNotLockTheNurseOutAtHerStation() throws Exception {
        MonitorSession.admin(jar.httpPort, dir.resolve("data")).createAccount("nurse.ann", "nurse", "ann-password");
        for (int i = 0; i < 5; i++) {
            assertThat(raw("127.0.0.2", login("nurse.ann", "guess-" + i))).startsWith("HTTP/1.1 401");
        }
        String locked = raw("127.0.0.2", login("nurse.ann", "ann-password"));
        assertThat(locked).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after: 60");
        assertThat(raw("127.0.0.1", login("nurse.ann", "ann-password"))).startsWith("HTTP/1.1 200");
    }

    @Test
    void nextNeverLeadsOffSite() throws Exception {
        MonitorSession.admin(jar.httpPort, dir.resolve("data"));
        String body = JSON.createObjectNode().put("user", "admin").put("password", MonitorSession.ADMIN_PASSWORD)
                .put("next", "/%5Cevil.example").toString();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.httpPort
                + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(r.body()).get("next").asText()).isEqualTo("/");
        String script = get("/static/login.js", null).body();
        assertThat(script).as("the page follows the server's checked next").contains("s.next")
                .doesNotContain("location.assign(next())");
    }

    @Test
    void aForeignHostIsRefusedAndTheConfiguredOneAnswered() throws Exception {
        String rebound = raw("127.0.0.1", "GET /health/live HTTP/1.1\r\nHost: rebound.evil.example:" + jar.httpPort
                + "\r\nConnection: close\r\n\r\n");
        assertThat(rebound).startsWith("HTTP/1.1 421");
        String ours = raw("127.0.0.1", "GET /health/live HTTP/1.1\r\nHost: ecmo.icu.example\r\nConnection: close"
                + "\r\n\r\n");
        assertThat(ours).startsWith("HTTP/1.1 200").contains("\"status\":\"live\"");
    }

    @Test
    void livenessAndReadinessAnswerOnceStarted() throws Exception {
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(ready.body()).get("components");
        assertThat(components.findValuesAsText("component")).contains("ingest", "store", "alerts", "mqtt");
        assertThat(get("/metrics", null).body()).contains("ecmo_http_connections ");
    }
}
