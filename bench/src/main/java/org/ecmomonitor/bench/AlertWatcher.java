package org.ecmomonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Watches the monitor's live feed ({@code /ws?values=none}) as the board does, signed in, for an {@link AlertCheck}. */
final class AlertWatcher implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertCheck check;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    AlertWatcher(AlertCheck check) {
        this.check = check;
    }

    void connect(int httpPort, String user, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/api/login")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                JSON.createObjectNode().put("user", user).put("password", password).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + login.statusCode() + " " + login.body());
        }
        String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        JsonNode session = JSON.readTree(login.body());
        if (session.path("passwordChangeRequired").asBoolean()) {
            // the first admin's generated password must be changed before the live feed opens (issue 14)
            HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/api/password")).header("Content-Type", "application/json").header("Cookie", cookie)
                    .header("X-CSRF-Token", session.path("csrf").asText()).POST(HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode().put("current", password).put("new", "bench-" + password)
                                    .toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (changed.statusCode() != 200) {
                throw new IllegalStateException("password change failed: " + changed.statusCode() + " "
                        + changed.body());
            }
            cookie = changed.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        }
        socket = http.newWebSocketBuilder().header("Cookie", cookie)
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws?values=none"), this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        long now = System.currentTimeMillis();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode m = JSON.readTree(text);
                if (m.path("type").asText().equals("alert")) {
                    check.onAlert(m, now);
                }
            } catch (java.io.IOException e) {
                check.unreadable(text);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
