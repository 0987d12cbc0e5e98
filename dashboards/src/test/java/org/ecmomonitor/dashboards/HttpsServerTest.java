package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.HttpServer;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.sqlite.SqliteAccountRepository;
import org.ecmomonitor.dashboards.ws.LiveFeed;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.tls.ServerTls;
import org.ecmomonitor.ingest.tls.TestPki;
import org.ecmomonitor.ingest.tls.TlsConfig;
import org.ecmomonitor.ingest.tls.TlsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS next to plain HTTP, over real sockets: sign-in over HTTPS gets a Secure cookie and HSTS although
 * {@code http_secure_cookie} is off; plain HTTP sends pages to HTTPS, refuses sign-ins, keeps /health.
 */
class HttpsServerTest {
    private static final String PASSWORD = "correct-horse-battery";
    private static final String LOGIN = "{\"user\": \"nurse.one\", \"password\": \"" + PASSWORD + "\"}";

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki.Issued cert;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private SqliteAccountRepository accountRepository;
    private HttpServer server;
    private int plainPort;
    private int httpsPort;

    @BeforeAll
    static void makePki() throws Exception {
        pki = TestPki.create(pkiDir);
        cert = pki.server("monitor", TestPki.KeyFormat.PKCS8_EC, 30);
    }

    private void start(boolean https) throws Exception {
        accountRepository = new SqliteAccountRepository(dir.resolve("monitor.db"));
        Accounts accounts = new Accounts(accountRepository, 4);
        accounts.create("nurse.one", Role.NURSE, PASSWORD);
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30));
        Routes routes = new Routes();
        new AuthRoutes(accounts, sessions, new InMemoryAuditLog(), clock, false,
                new org.ecmomonitor.dashboards.auth.SignInThrottle(clock, 100), new SimpleMeterRegistry(), a -> { })
                .register(routes);
        routes.open(HttpMethod.GET, "/health", c -> HttpReply.text(
                io.netty.handler.codec.http.HttpResponseStatus.OK, "text/plain", "up\n"));
        Optional<TlsListener> tls = https ? Optional.of(new TlsListener(0, ServerTls.withoutClientCertificates(
                new TlsConfig(cert.cert(), cert.key(), null), Clock.systemUTC()))) : Optional.empty();
        server = new HttpServer(new HttpConfig("127.0.0.1", 0, 64 * 1024), tls, routes, new SessionGate(sessions),
                new LiveFeed(new LatestValues(), sessions, clock, new SimpleMeterRegistry()), new SimpleMeterRegistry());
        plainPort = server.start().getPort();
        httpsPort = https ? server.tlsAddress().getPort() : -1;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (accountRepository != null) {
            accountRepository.close();
        }
    }

    private static HttpResponse<String> post(HttpClient client, String url, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignInOverHttpsGetsASecureCookieAndHstsWithoutTheManualSwitch() throws Exception {
        start(true);
        HttpClient client = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();

        HttpResponse<String> r = post(client, "https://127.0.0.1:" + httpsPort + "/api/login", LOGIN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("set-cookie").orElseThrow()).startsWith(SessionGate.COOKIE + "=")
                .containsIgnoringCase("; Secure").contains("HTTPOnly");
        assertThat(r.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000");
        assertThat(get(client, "https://127.0.0.1:" + httpsPort + "/login").headers()
                .firstValue("strict-transport-security")).as("on every response").isPresent();
    }

    @Test
    void overPlainHttpAloneTheCookieIsNotSecureAndThereIsNoHsts() throws Exception {
        start(false);
        HttpResponse<String> r = post(HttpClient.newHttpClient(), "http://127.0.0.1:" + plainPort + "/api/login",
                LOGIN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("set-cookie").orElseThrow()).doesNotContainIgnoringCase("secure");
        assertThat(r.headers().firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void plainHttpSendsPagesToTheHttpsPortOfTheSameHost() throws Exception {
        start(true);
        HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + plainPort + "/beds/B1?x=1");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location"))
                .hasValue("https://127.0.0.1:" + httpsPort + "/beds/B1?x=1");
    }

    @Test
    void plainHttpRefusesASignInInsteadOfRedirectingThePassword() throws Exception {
        start(true);
        HttpResponse<String> r = post(HttpClient.newHttpClient(), "http://127.0.0.1:" + plainPort + "/api/login",
                LOGIN);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("over HTTPS only: https://127.0.0.1:" + httpsPort);
        assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        assertThat(r.headers().firstValue("location")).isEmpty();
    }

    @Test
    void healthStaysOnPlainHttpForLoadBalancers() throws Exception {
        start(true);
        HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + plainPort + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("up\n");
    }

    @Test
    void aHostileHostHeaderIsNotEchoedIntoARedirect() throws Exception {
        start(true);
        String reply = raw(plainPort, "GET /login HTTP/1.1\r\nHost: evil.example/<script>\r\n\r\n");
        // the Host allow-list answers before the redirect could build a Location from it
        assertThat(reply).startsWith("HTTP/1.1 421").doesNotContain("evil.example").doesNotContain("Location");
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoHttpAnswer() throws Exception {
        start(true);
        String reply = raw(httpsPort, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(reply).doesNotContain("HTTP/1.1").doesNotContain("up");
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                int n = in.read(buf);
                return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }
}
