package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.ecmomonitor.ingest.TestServers;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alert-rules.md "Time (v2)" through the running jar, as a hospital's devices would drive it: real MQTT clients
 * publish in real time for several beds whose device clocks are skewed, lag, send whole-second timestamps, go
 * silent, resend a backlog, deliver a transfusion twice and report a lab 45 min after it was drawn. The monitor
 * records what it takes (ECMO_RECORD_DIR) and publishes its alert events over MQTT; then {@code replay} of the
 * recording must give the same alert events (rule, event, priority, {@code at} within 1 s), and the live alerts
 * must be what the spec's examples 19-21 say.
 */
class TimeModelJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = 90;

    @TempDir
    Path dir;
    private Process monitor;
    private int mqttPort;
    private int httpPort;
    private final List<MqttClient> clients = new ArrayList<>();
    /** Bed ids unique to this run: the CI broker is shared with other tests. */
    private final String run = "TM" + ThreadLocalRandom.current().nextInt(10_000, 99_999);

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        }
        if (monitor != null && monitor.isAlive()) {
            monitor.destroy();
            monitor.waitFor();
        }
    }

    private String bed(int n) {
        return run + "-B" + n;
    }

    @Test
    void liveAlertsFollowTheTimeModelAndReplayOfTheRecordingReproducesThem() throws Exception {
        start();
        List<JsonNode> live = new CopyOnWriteArrayList<>();
        MqttClient alerts = client(TestServers.brokerUrl(), "tm-alerts-" + run);
        alerts.subscribe("alerts/+/+", 1, (topic, m) -> {
            if (topic.startsWith("alerts/" + run + "-")) {
                live.add(JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)));
            }
        });
        String endpoint = "tcp://127.0.0.1:" + mqttPort;
        MqttClient gateway = client(endpoint, "tm-gateway-" + run);

        long start = System.currentTimeMillis();
        List<String> backlog = new ArrayList<>();
        long lastPublish = start;
        // when the decisive messages actually went out (the loop may run late on a loaded machine)
        long pumpStopSent = 0;
        long lactateSent = 0;
        long lastConsoleB3 = 0;
        long backlogSent = 0;
        for (int i = 0; i < SECONDS; i++) {
            long next = start + i * 1000L;
            Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            long now = System.currentTimeMillis();
            lastPublish = now;
            // B1 (example 19): the monitor's clock 8 s ahead, the console's 8 s behind; the pump stops at 30 s.
            publish(gateway, bed(1), "monitor", sample(now + 8_000, "map", 70, "mmHg"));
            publish(gateway, bed(1), "console", batch(now - 8_000, i < 30 ? 4.0 : 0, i < 30 ? 3000 : 0));
            if (i == 30) {
                pumpStopSent = now;
            }
            // B2: MAP 45 from a monitor whose messages are 20 s late (a clock 20 s behind looks the same).
            publish(gateway, bed(2), "monitor", sample(now - 20_000, "map", 45, "mmHg"));
            publish(gateway, bed(2), "console", batch(now, 4.0, 3000));
            // B3 and B4 (example 20): whole-second timestamps; B3's console falls silent at 20 s.
            long whole = now / 1000 * 1000;
            publish(gateway, bed(4), "monitor", sample(whole, "map", 70, "mmHg"));
            if (i < 20) {
                publish(gateway, bed(3), "console", batch(whole, 4.0, 3000));
                lastConsoleB3 = System.currentTimeMillis();
            }
            // B5: the same transfusion line delivered twice (a gateway resending it).
            if (i == 5) {
                String twoUnits = sample(start, "rbc_units", 2, null);
                publish(gateway, bed(5), "chart", twoUnits);
                publish(gateway, bed(5), "chart", twoUnits);
            }
            // B6 (example 21): a lactate drawn 45 min before it arrives.
            if (i == 3) {
                publish(gateway, bed(6), "lab", sample(now - 45 * 60_000, "lactate", 12.0, "mmol/L"));
                lactateSent = now;
            }
            // B7: a monitor that loses its link at 5 s, buffers MAP 45, and resends it all at 85 s.
            if (i < 5) {
                publish(gateway, bed(7), "monitor", sample(now, "map", 75, "mmHg"));
            } else if (i < 85) {
                backlog.add(sample(now, "map", 45, "mmHg"));
            } else {
                if (backlogSent == 0) {
                    backlogSent = now;
                }
                for (String b : backlog) {
                    publish(gateway, bed(7), "monitor", b);
                }
                backlog.clear();
                publish(gateway, bed(7), "monitor", sample(now, "map", 45, "mmHg"));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> live.stream().anyMatch(e -> is(e, 7, "MAP_CRITICAL",
                "raised")));
        Thread.sleep(2_000);
        long cut = lastPublish;
        List<JsonNode> liveEvents = live.stream().filter(e -> at(e) <= cut).toList();

        // What the spec says of each bed, live.
        JsonNode pumpStop = only(liveEvents, 1, "ECMO_PUMP_STOP", "raised");
        assertThat(at(pumpStop) - pumpStopSent).as("pump stop after the stop's receipt").isBetween(0L, 16_000L);
        assertThat(liveEvents).noneMatch(e -> is(e, 1, "FEED_STALE", "raised"));
        only(liveEvents, 2, "MAP_CRITICAL", "raised");
        assertThat(liveEvents).noneMatch(e -> is(e, 2, "FEED_STALE", "raised"));
        List<JsonNode> silent = liveEvents.stream().filter(e -> is(e, 3, "FEED_STALE", "raised")).toList();
        assertThat(silent).extracting(e -> e.get("signal").asText()).containsExactlyInAnyOrder("ecmo_flow",
                "ecmo_speed");
        long silentSince = lastConsoleB3;
        assertThat(silent).allSatisfy(e -> assertThat(at(e) - silentSince).isBetween(9_000L, 12_500L));
        assertThat(liveEvents).noneMatch(e -> e.get("bed").asText().equals(bed(4)));
        JsonNode burden = only(liveEvents, 5, "TRANSFUSION_BURDEN", "raised");
        assertThat(burden.get("priority").asText()).isEqualTo("medium");
        assertThat(burden.get("value").asDouble()).isEqualTo(2.0);
        JsonNode lactate = only(liveEvents, 6, "LACTATE_HIGH", "raised");
        assertThat(lactate.get("priority").asText()).isEqualTo("high");
        assertThat(at(lactate) - lactateSent).isBetween(0L, 2_000L);
        assertThat(java.time.Instant.parse(lactate.get("observedAt").asText()).toEpochMilli())
                .isEqualTo(lactateSent - 45 * 60_000);
        JsonNode level2 = only(liveEvents, 6, "LACTATE_HIGH", "escalated");
        assertThat(at(level2) - at(lactate)).isBetween(59_000L, 61_500L);
        JsonNode backlogged = only(liveEvents, 7, "MAP_CRITICAL", "raised");
        assertThat(at(backlogged) - backlogSent).isBetween(0L, 2_000L);
        assertThat(backlogged.has("observedAt")).as("backlog alert carries observedAt: %s", backlogged).isTrue();
        assertThat(backlogged.get("message").asText()).contains("s old)");

        // The alert history over HTTP agrees with what was published.
        MonitorSession admin = MonitorSession.admin(httpPort, dir.resolve("data"));
        JsonNode history = admin.json("/api/alerts?state=all&limit=500");
        for (JsonNode e : liveEvents) {
            if (e.get("event").asText().equals("raised")) {
                assertThat(history).anySatisfy(a -> {
                    assertThat(a.get("bed").asText()).isEqualTo(e.get("bed").asText());
                    assertThat(a.get("rule").asText()).isEqualTo(e.get("rule").asText());
                    assertThat(Math.abs(java.time.Instant.parse(a.get("raisedAt").asText()).toEpochMilli() - at(e)))
                            .isLessThanOrEqualTo(1);
                });
            }
        }

        // The recording replays to the same alert events.
        Path record = dir.resolve("record");
        List<Path> days;
        try (Stream<Path> files = Files.list(record)) {
            days = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(days).isNotEmpty();
        Path all = dir.resolve("recorded.jsonl");
        for (Path day : days) {
            Files.write(all, Files.readAllBytes(day), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Process replay = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString(), "replay",
                all.toString()).redirectError(dir.resolve("replay.err").toFile()).start();
        String out = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(replay.waitFor()).isZero();
        List<JsonNode> replayed = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                JsonNode e = JSON.readTree(line);
                if (!e.get("event").asText().equals("suppressed") && at(e) <= cut) {
                    replayed.add(e);
                }
            }
        }
        assertThat(describe(replayed)).as("replay of the recording (live: %s)", describe(liveEvents))
                .hasSameSizeAs(describe(liveEvents));
        List<JsonNode> unmatched = new ArrayList<>(replayed);
        for (JsonNode e : liveEvents) {
            JsonNode match = unmatched.stream().filter(r -> sameEvent(r, e) && Math.abs(at(r) - at(e)) <= 1_000)
                    .findFirst().orElse(null);
            assertThat(match).as("replay has %s (replayed: %s)", e, describe(replayed)).isNotNull();
            unmatched.remove(match);
        }
        Files.writeString(dir.resolve("side-by-side.txt"), "live:\n" + String.join("\n", describe(liveEvents))
                + "\nreplay:\n" + String.join("\n", describe(replayed)) + "\n");
        System.out.println("live and replayed alert events, side by side:\n"
                + Files.readString(dir.resolve("side-by-side.txt")));
    }

    private static boolean sameEvent(JsonNode a, JsonNode b) {
        return Stream.of("bed", "rule", "event", "priority", "signal", "device").allMatch(f ->
                String.valueOf(a.get(f)).equals(String.valueOf(b.get(f))));
    }

    private List<String> describe(List<JsonNode> events) {
        return events.stream().map(e -> e.get("at").asText() + " " + e.get("bed").asText() + " "
                + e.get("rule").asText() + " " + e.get("event").asText() + " " + e.get("priority").asText()
                + (e.has("signal") ? " " + e.get("signal").asText() : "")).toList();
    }

    private boolean is(JsonNode e, int bed, String rule, String event) {
        return e.get("bed").asText().equals(bed(bed)) && e.get("rule").asText().equals(rule)
                && e.get("event").asText().equals(event);
    }

    private JsonNode only(List<JsonNode> events, int bed, String rule, String event) {
        List<JsonNode> found = events.stream().filter(e -> is(e, bed, rule, event)).toList();
        assertThat(found).as("%s %s %s in %s", bed(bed), rule, event, describe(events)).hasSize(1);
        return found.get(0);
    }

    private static long at(JsonNode e) {
        return java.time.Instant.parse(e.get("at").asText()).toEpochMilli();
    }

    private static String sample(long ts, String signal, double value, String unit) {
        return "{\"ts\":" + ts + ",\"signal\":\"" + signal + "\",\"value\":" + value
                + (unit == null ? "" : ",\"unit\":\"" + unit + "\"") + "}";
    }

    private static String batch(long ts, double flow, double speed) {
        return "{\"samples\":[{\"ts\":" + ts + ",\"signal\":\"ecmo_flow\",\"value\":" + flow
                + ",\"unit\":\"L/min\"},{\"ts\":" + ts + ",\"signal\":\"ecmo_speed\",\"value\":" + speed
                + ",\"unit\":\"rpm\"}]}";
    }

    private static void publish(MqttClient c, String bed, String device, String payload) throws Exception {
        c.publish("icu/" + bed + "/" + device, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private MqttClient client(String uri, String id) throws Exception {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private void start() throws IOException {
        RunningJar jar = RunningJar.start(dir, Map.of("ECMO_MQTT_ALLOW_ANONYMOUS", "true",
                "ECMO_RECORD_DIR", dir.resolve("record").toString(),
                "ECMO_ALERTS_BROKER_URL", TestServers.brokerUrl(), "ECMO_ALERTS_BROKER_CLIENT_ID", "tm-monitor-" + run));
        monitor = jar.process;
        mqttPort = jar.mqttPort;
        httpPort = jar.httpPort;
    }
}
