package org.ecmomonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the monitor's live feed ({@code /ws}) as the board does, signed in, and checks every alert event against
 * the scripted ones: a scripted raise's latency is its arrival minus its instant (the lab sample's scheduled time);
 * a raise that was not scripted, or one that arrives twice, is counted as an error.
 */
final class AlertWatcher implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<LoadGenerator.Expected, Boolean> expected;
    private final Measurements measurements;
    final Map<LoadGenerator.Expected, Integer> received = new ConcurrentHashMap<>();
    final List<String> unscripted = new CopyOnWriteArrayList<>();
    final AtomicInteger duplicates = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    AlertWatcher(Map<LoadGenerator.Expected, Boolean> expected, Measurements measurements) {
        this.expected = expected;
        this.measurements = measurements;
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
                    onAlert(m, now);
                }
            } catch (java.io.IOException e) {
                unscripted.add("unreadable: " + text);
            }
        }
        ws.request(1);
        return null;
    }

    private void onAlert(JsonNode m, long now) {
        String event = m.get("event").asText();
        if (!event.equals("raised")) {
            return;
        }
        long at = Instant.parse(m.get("at").asText()).toEpochMilli();
        LoadGenerator.Expected key = new LoadGenerator.Expected(m.get("bed").asText(), m.get("rule").asText(), at);
        if (!expected.containsKey(key)) {
            if (unscripted.size() < 1000) {
                unscripted.add(m.toString());
            }
            return;
        }
        if (received.merge(key, 1, Integer::sum) > 1) {
            duplicates.incrementAndGet();
            return;
        }
        if (System.getenv("BENCH_TRACE") != null) System.err.println("ALERT " + now + " " + (now - at) + " " + key);
        measurements.alertLatency((now - at) * 1000);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
