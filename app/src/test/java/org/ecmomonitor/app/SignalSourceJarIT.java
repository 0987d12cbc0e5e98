package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2, the finding against the running jar: an anonymous {@code icu/B6/pump-shadow} sending 3000 rpm /
 * 4.0 L/min at 3 Hz while the real console (a configured, signed-in feed) sends 0 rpm. Before: no ECMO_PUMP_STOP,
 * and the board showed the shadow's values. Now: the pump stop is raised, SIGNAL_SOURCE_CONFLICT names both
 * devices, the bed shows the console's 0 rpm, the shadow's samples are stored with their device, and the
 * recording replays (with the same config) to the same alerts.
 */
class SignalSourceJarIT {
    @TempDir
    Path dir;
    private Process monitor;
    private final ScheduledExecutorService devices = Executors.newScheduledThreadPool(2);
    private MqttClient console;
    private MqttClient shadow;

    @AfterEach
    void stop() throws Exception {
        devices.shutdownNow();
        for (MqttClient c : new MqttClient[] {console, shadow}) {
            if (c != null && c.isConnected()) {
                c.disconnect();
            }
        }
        if (monitor != null) {
            monitor.destroy();
            assertThat(monitor.waitFor()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }

    private static MqttClient connect(int port, String clientId, String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    /** Publishes speed and flow now; a failed publish only stops this device (the assertions then tell). */
    private static void pump(MqttClient c, String topic, double rpm, double flow) {
        long ts = System.currentTimeMillis();
        try {
            c.publish(topic, ("{\"ts\":" + ts + ",\"signal\":\"ecmo_speed\",\"value\":" + rpm + ",\"unit\":\"rpm\"}")
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            c.publish(topic, ("{\"ts\":" + ts + ",\"signal\":\"ecmo_flow\",\"value\":" + flow
                    + ",\"unit\":\"L/min\"}").getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException(topic + ": " + e, e);
        }
    }

    @Test
    void aShadowDeviceCannotMaskTheConsolesPumpStop() throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                mqtt_allow_anonymous: true   # the finding's shadow was anonymous
                feeds:
                  - device: console-b6
                    bed: B6
                    password: console-b6-secret
                    expected_signals: [ecmo_speed, ecmo_flow]
                """);
        RunningJar jar = RunningJar.start(dir, Map.of("ECMO_RECORD_DIR", dir.resolve("record").toString()),
                List.of("run", "--config", config.toString()));
        monitor = jar.process;

        MonitorSession admin = MonitorSession.admin(jar.httpPort, dir.resolve("data"));
        shadow = connect(jar.mqttPort, "pump-shadow", null, null);
        devices.scheduleAtFixedRate(() -> pump(shadow, "icu/B6/pump-shadow", 3000, 4.0), 0, 333,
                TimeUnit.MILLISECONDS);
        // the shadow is heard first on purpose: the configuration, not the order, decides
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/feeds").body().contains("pump-shadow"));
        console = connect(jar.mqttPort, "console-b6", "console-b6", "console-b6-secret");
        devices.scheduleAtFixedRate(() -> pump(console, "icu/B6/console-b6", 0, 0.0), 500, 1000,
                TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/alerts?state=active&bed=B6").body().contains("ECMO_PUMP_STOP"));
        JsonNode alerts = admin.json("/api/alerts?state=active&bed=B6");
        JsonNode speedConflict = null;
        for (JsonNode a : alerts) {
            if (a.get("rule").asText().equals("SIGNAL_SOURCE_CONFLICT") && a.get("signal").asText().equals(
                    "ecmo_speed")) {
                speedConflict = a;
            }
        }
        assertThat(speedConflict).as("SIGNAL_SOURCE_CONFLICT for ecmo_speed in %s", alerts).isNotNull();
        assertThat(speedConflict.get("message").asText())
                .isEqualTo("ecmo_speed from pump-shadow and console-b6; judging console-b6");
        assertThat(speedConflict.get("priority").asText()).isEqualTo("medium");

        JsonNode values = admin.json("/api/beds/B6").get("values");
        assertThat(values.get("ecmo_speed").get("value").asDouble()).as("%s", values).isZero();
        assertThat(values.get("ecmo_speed").get("device").asText()).isEqualTo("console-b6");
        assertThat(values.get("ecmo_flow").get("value").asDouble()).isZero();
        JsonNode board = admin.json("/api/beds");
        for (JsonNode bed : board) {
            assertThat(bed.get("values").toString()).as("the board's values of %s", bed.get("bed"))
                    .doesNotContain("pump-shadow").doesNotContain("3000");
        }

        devices.shutdownNow();
        devices.awaitTermination(5, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/samples.db"))) {
            ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM vitals WHERE bed = 'B6' AND "
                    + "device = 'pump-shadow' AND signal = 'ecmo_speed' AND value = 3000");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the shadow's samples are stored with their device").isPositive();
        }
        monitor.destroy();
        assertThat(monitor.waitFor()).isIn(0, 143);
        monitor = null;

        Path recorded;
        try (Stream<Path> files = Files.list(dir.resolve("record"))) {
            recorded = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        assertThat(replay(recorded, config)).contains("\"rule\":\"ECMO_PUMP_STOP\"")
                .contains("ecmo_speed from pump-shadow and console-b6; judging console-b6");
    }

    private static String replay(Path file, Path config) throws Exception {
        Process p = new ProcessBuilder(MonitorJarIT.javaBin(), "-jar", MonitorJarIT.jar().toString(), "replay",
                file.toString(), "--config", config.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
