package org.ecmomonitor.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A signed-in user of a running monitor, over its HTTP API: the first admin (whose password the monitor wrote into
 * its data folder, and who must choose another before anything else) creates the other accounts a test needs.
 */
final class MonitorSession {
    /** The password the tests give the first admin at its forced change. */
    static final String ADMIN_PASSWORD = "admin-chosen-password";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String cookie;
    private final String csrf;

    private MonitorSession(String base, String cookie, String csrf) {
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    static String initialAdminPassword(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE)).trim();
    }

    /**
     * The first admin, signed in: the first time with the generated password, which is then changed to
     * {@link #ADMIN_PASSWORD} as the monitor requires (and deletes the file); later with that one.
     */
    static MonitorSession admin(int httpPort, Path dataDir) throws Exception {
        if (!Files.exists(dataDir.resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE))) {
            return signIn(httpPort, "admin", ADMIN_PASSWORD);
        }
        String generated = initialAdminPassword(dataDir);
        HttpResponse<String> first = login(httpPort, "admin", generated);
        if (first.statusCode() != 200 || !JSON.readTree(first.body()).path("passwordChangeRequired").asBoolean()) {
            throw new AssertionError("first sign-in as admin: " + first.statusCode() + " " + first.body());
        }
        MonitorSession forced = of("http://127.0.0.1:" + httpPort, first);
        HttpResponse<String> changed = forced.send("POST", "/api/password", JSON.createObjectNode()
                .put("current", generated).put("new", ADMIN_PASSWORD).toString());
        if (changed.statusCode() != 200) {
            throw new AssertionError("password change of admin: " + changed.statusCode() + " " + changed.body());
        }
        return of(forced.base, changed);
    }

    static MonitorSession signIn(int httpPort, String user, String password) throws Exception {
        HttpResponse<String> r = login(httpPort, user, password);
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in as " + user + ": " + r.statusCode() + " " + r.body());
        }
        return of("http://127.0.0.1:" + httpPort, r);
    }

    static HttpResponse<String> login(int httpPort, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", user)
                        .put("password", password).toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MonitorSession of(String base, HttpResponse<String> r) throws IOException {
        return new MonitorSession(base, r.headers().firstValue("set-cookie").orElseThrow().split(";")[0],
                JSON.readTree(r.body()).get("csrf").asText());
    }

    /** Creates an account (this session must be an admin's). */
    void createAccount(String name, String role, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/accounts", JSON.createObjectNode().put("name", name)
                .put("role", role).put("password", password).toString());
        if (r.statusCode() != 201) {
            throw new AssertionError("account " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    JsonNode json(String path) throws Exception {
        return JSON.readTree(get(path).body());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (!method.equals("GET")) {
            b.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
