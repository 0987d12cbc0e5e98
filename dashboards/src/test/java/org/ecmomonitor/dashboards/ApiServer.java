package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.auth.SignInThrottle;
import org.ecmomonitor.dashboards.http.HttpServer;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.dashboards.sqlite.SqliteAccountRepository;
import org.ecmomonitor.dashboards.ws.LiveFeed;

/**
 * The dashboards' HTTP server on a free port with real sign-in (accounts in SQLite, bcrypt at its minimum cost so
 * tests stay fast), for API tests: sign in as a role and call the API as that user.
 */
final class ApiServer implements AutoCloseable {
    static final String PASSWORD = "correct-horse-battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Accounts accounts;
    final Sessions sessions;
    final LatestValues latest;
    final LiveFeed liveFeed;
    /** Alerts the live feed is to present as not yet stored (a full disk). */
    final java.util.Set<Long> unstored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AuthRoutes auth;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final java.util.List<String> passwordsChanged = new java.util.concurrent.CopyOnWriteArrayList<>();
    final String base;
    private final SqliteAccountRepository accountRepository;
    private final HttpServer server;

    ApiServer(Path dir, AuditLog audit, Clock clock, Consumer<Routes> register) throws Exception {
        this(dir, audit, clock, new LatestValues(), register);
    }

    ApiServer(Path dir, AuditLog audit, Clock clock, LatestValues latest, Consumer<Routes> register)
            throws Exception {
        this(dir, audit, clock, latest, register, c -> c);
    }

    /** @param config adjusts the HTTP configuration (bounds, allowed hosts) of the server under test */
    ApiServer(Path dir, AuditLog audit, Clock clock, LatestValues latest, Consumer<Routes> register,
              java.util.function.UnaryOperator<HttpConfig> config) throws Exception {
        this.latest = latest;
        accountRepository = new SqliteAccountRepository(dir.resolve("monitor.db"));
        accounts = new Accounts(accountRepository, 4);
        sessions = new Sessions(clock, Duration.ofMinutes(30));
        for (Role r : Role.values()) {
            accounts.create(r.wireName() + ".one", r, PASSWORD);
        }
        liveFeed = new LiveFeed(latest, sessions, clock, meters, id -> !unstored.contains(id));
        Routes routes = new Routes();
        auth = new AuthRoutes(accounts, sessions, audit, clock, false, new SignInThrottle(clock, 100), meters,
                a -> passwordsChanged.add(a.name()));
        auth.register(routes);
        new AdminRoutes(accounts, sessions, audit, clock).register(routes);
        register.accept(routes);
        server = new HttpServer(config.apply(new HttpConfig("127.0.0.1", 0, 64 * 1024)), routes,
                new SessionGate(sessions), liveFeed, meters);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    int port() {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    /** A client with no session. */
    Client stranger() {
        return new Client(this, null, null);
    }

    Client signIn(Role role) throws Exception {
        return signIn(role.wireName() + ".one", PASSWORD);
    }

    Client signIn(String user, String password) throws Exception {
        HttpResponse<String> r = stranger().send("POST", "/api/login",
                JSON.createObjectNode().put("user", user).put("password", password).toString());
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in as " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        String cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        return new Client(this, cookie, JSON.readTree(r.body()).get("csrf").asText());
    }

    @Override
    public void close() {
        server.close();
        accountRepository.close();
    }

    /** Calls the API with a session cookie and its CSRF token (either may be null, to test refusals). */
    record Client(ApiServer server, String cookie, String csrf) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        Client withCsrf(String token) {
            return new Client(server, cookie, token);
        }

        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null);
        }

        JsonNode json(String path) throws Exception {
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return send(method, path, body, b -> { });
        }

        HttpResponse<String> send(String method, String path, String body, Consumer<HttpRequest.Builder> extra)
                throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (csrf != null && !method.equals("GET")) {
                b.header(SessionGate.CSRF_HEADER, csrf);
            }
            extra.accept(b);
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
