package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecmomonitor.ingest.Passwords;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's device findings against the built jar in {@code run} mode with a feeds file, with real MQTT clients
 * (Paho MQTT 5 in-process, {@code mosquitto_pub}): who may publish samples and context for which bed, anonymous
 * devices, client-id takeover, a password-guessing flood, long client ids, invented beds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceAuthorityJarIT {
    private static final String PASSWORD = "bedside-secret-1";
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int CLIENT_ID_NOT_VALID = 0x85;

    private static Path dir;
    private static RunningJar jar;
    private static MonitorSession admin;
    private static final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ecmo-authority");
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                feeds:
                  - {device: gateway-b3, beds: [B3], context: true, password_hash: '%1$s'}
                  - {device: console-b3, bed: B3, password_hash: '%1$s'}
                  - {device: nirs-b1, bed: B1, password_hash: '%1$s'}
                  - {device: nirs-b2, bed: B2, password_hash: '%1$s'}
                  - {device: pump-b5, bed: B5, password_hash: '%1$s'}
                """.formatted(Passwords.hash(PASSWORD.toCharArray())));
        jar = RunningJar.start(dir, Map.of(), List.of("run", "--config", config.toString()));
        admin = MonitorSession.admin(jar.httpPort, dir.resolve("data"));
        // every device but pump-b5 signs in once from loopback, as devices at their bedside do: the flood of wrong
        // passwords for pump-b5, from the same address, must not lock them out
        for (String device : List.of("gateway-b3", "console-b3", "nirs-b1", "nirs-b2")) {
            connect(device + "-first", device, PASSWORD).disconnect();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(1000);
            }
            c.close();
        }
        if (jar != null) {
            jar.process.destroy();
            jar.process.waitFor();
        }
    }

    private static MqttClient connect(String clientId, String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + jar.mqttPort, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        clients.add(c);
        c.connect(o);
        return c;
    }

    /** Publishes at QoS 1 and returns the PUBACK's reason code (0 = success). */
    private static int publish(MqttClient c, String topic, String json) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            var token = c.getTopic(topic).publish(m);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    private static int mosquittoPub(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(jar.mqttPort), "-q", "1"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static double metric(String name, String labels) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " ([0-9.E]+)$")
                .matcher(admin.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String pumpBatch(double flow, double speed) {
        long ts = System.currentTimeMillis();
        return "{\"samples\":[{\"ts\":" + ts + ",\"signal\":\"ecmo_flow\",\"value\":" + flow
                + ",\"unit\":\"L/min\"},{\"ts\":" + ts + ",\"signal\":\"ecmo_speed\",\"value\":" + speed
                + ",\"unit\":\"rpm\"}]}";
    }

    private static String nirs(double v) {
        return "{\"ts\":" + System.currentTimeMillis() + ",\"signal\":\"nirs_left\",\"value\":" + v
                + ",\"unit\":\"%\"}";
    }

    private static boolean pumpStopActive(String bed) throws Exception {
        return admin.get("/api/alerts?state=active&bed=" + bed).body().contains("\"rule\":\"ECMO_PUMP_STOP\"");
    }

    @Test
    void anonymousDevicesAreRefusedInRunEvenForContext() throws Exception {
        double before = metric("ecmo_mqtt_refused_total", "reason=\"anonymous\"");
        assertThat(mosquittoPub("-t", "icu/B3/context", "-m", "{\"ecmo_mode\":\"off\"}")).isNotZero();
        assertThat(mosquittoPub("-V", "mqttv5", "-t", "icu/B3/console-b3", "-m", pumpBatch(4, 3000))).isNotZero();
        assertThat(metric("ecmo_mqtt_refused_total", "reason=\"anonymous\"")).isEqualTo(before + 2);
    }

    @Test
    void noContextFromAnAnonymousOrANirsDeviceTurnsAnActivePumpStopOffButTheGatewaysContextIsAuditedByName()
            throws Exception {
        MqttClient gateway = connect("gateway-b3", "gateway-b3", PASSWORD);
        assertThat(publish(gateway, "icu/B3/context", "{\"ecmo_mode\":\"running\",\"weight_kg\":70}")).isZero();
        MqttClient console = connect("console-b3", "console-b3", PASSWORD);
        ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();
        try {
            pump.scheduleAtFixedRate(() -> {
                try {
                    publish(console, "icu/B3/console-b3", pumpBatch(0, 0));
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(40)).until(() -> pumpStopActive("B3"));

            assertThat(mosquittoPub("-t", "icu/B3/context", "-m", "{\"ecmo_mode\":\"off\"}"))
                    .as("anonymous context").isNotZero();
            MqttClient nirs = connect("nirs-b1", "nirs-b1", PASSWORD);
            assertThat(publish(nirs, "icu/B3/context", "{\"ecmo_mode\":\"off\"}")).isEqualTo(NOT_AUTHORIZED);
            MqttClient nirsB2 = connect("nirs-b2", "nirs-b2", PASSWORD);
            assertThat(publish(nirsB2, "icu/B2/context", "{\"ecmo_mode\":\"off\"}"))
                    .as("its own bed, but a NIRS feed has no 'context: true'").isEqualTo(NOT_AUTHORIZED);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> pumpStopActive("B3"));
            JsonNode b3 = bed("B3");
            assertThat(b3.at("/context/ecmo_mode").asText()).isEqualTo("running");
        } finally {
            pump.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/monitor.db"))) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT changed_by, ecmo_mode FROM context_history WHERE bed = 'B3' ORDER BY id");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("device:gateway-b3");
            assertThat(rs.getString(2)).isEqualTo("running");
            assertThat(rs.next()).as("no other change stored").isFalse();
        }
    }

    private static JsonNode bed(String bed) throws Exception {
        for (JsonNode b : admin.json("/api/beds")) {
            if (b.get("bed").asText().equals(bed)) {
                return b;
            }
        }
        throw new AssertionError("bed " + bed + " not on the board");
    }

    @Test
    void aNirsDeviceOfBedB1CannotPublishSamplesForB2NorForInventedBeds() throws Exception {
        MqttClient nirs = connect("nirs-b1-samples", "nirs-b1", PASSWORD);
        assertThat(publish(nirs, "icu/B1/nirs-b1", nirs(61))).isZero();
        assertThat(publish(nirs, "icu/B2/nirs-b1", nirs(62))).isEqualTo(NOT_AUTHORIZED);
        assertThat(publish(nirs, "icu/B1/console-b3", pumpBatch(0, 0))).as("as another device").isEqualTo(
                NOT_AUTHORIZED);
        for (int i = 0; i < 50; i++) {
            assertThat(publish(nirs, "icu/X" + i + "/nirs-b1", nirs(60))).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(admin.json("/api/beds").findValuesAsText("bed")).noneMatch(b -> b.startsWith("X"))
                .doesNotContain("B2");
        assertThat(admin.get("/api/alerts?state=active").body()).doesNotContain("\"bed\":\"X");
    }

    @Test
    void anotherDeviceCannotTakeOverASignedInDevicesClientId() throws Exception {
        MqttClient owner = connect("b3-console-link", "console-b3", PASSWORD);
        assertThatThrownBy(() -> connect("b3-console-link", "nirs-b1", PASSWORD)).isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).isEqualTo(CLIENT_ID_NOT_VALID);
        assertThat(publish(owner, "icu/B3/console-b3", pumpBatch(4, 3000))).as("still connected").isZero();
        assertThat(metric("ecmo_mqtt_refused_total", "reason=\"client_id_owned\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void longClientIdsAreRefused() throws Exception {
        double before = metric("ecmo_mqtt_refused_total", "reason=\"client_id_too_long\"");
        assertThat(mosquittoPub("-i", "c".repeat(5000), "-u", "nirs-b1", "-P", PASSWORD, "-t", "icu/B1/nirs-b1",
                "-m", nirs(60))).isNotZero();
        assertThat(mosquittoPub("-V", "mqttv5", "-i", "c".repeat(129), "-u", "nirs-b1", "-P", PASSWORD, "-t",
                "icu/B1/nirs-b1", "-m", nirs(60))).isNotZero();
        assertThat(metric("ecmo_mqtt_refused_total", "reason=\"client_id_too_long\"")).isEqualTo(before + 2);
    }

    /**
     * An MQTT 3.1.1 CONNECT written by hand, as a password guesser's script would: returns the CONNACK's return
     * code. (Paho takes about a second per refused connection, too slow to make 30 guesses a second.)
     */
    private static int rawConnect(String clientId, String user, String password) throws java.io.IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60});
        for (String field : List.of(clientId, user, password)) {
            byte[] b = field.getBytes(StandardCharsets.UTF_8);
            body.write(b.length >> 8);
            body.write(b.length & 0xFF);
            body.writeBytes(b);
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", jar.mqttPort)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(0x10);
            out.write(body.size());
            body.writeTo(out);
            out.flush();
            byte[] connack = socket.getInputStream().readNBytes(4);
            return connack.length == 4 && connack[0] == 0x20 ? connack[3] : -1;
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aWrongPasswordFloodIsRateLimitedAndBarelyDelaysAnotherDevicesAcknowledgements() throws Exception {
        MqttClient console = connect("console-b3-latency", "console-b3", PASSWORD);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong guesses = new AtomicLong();
        List<Integer> refusals = new CopyOnWriteArrayList<>();
        ScheduledExecutorService guesser = Executors.newScheduledThreadPool(2);
        guesser.scheduleAtFixedRate(() -> {
            if (!flooding.get()) {
                return;
            }
            long n = guesses.incrementAndGet();
            try {
                refusals.add(rawConnect("guess-" + n, "pump-b5", "guess-" + n));
            } catch (java.io.IOException e) {
                refusals.add(-1);
            }
        }, 0, 33, TimeUnit.MILLISECONDS);
        long worstMillis = 0;
        try {
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                long t0 = System.nanoTime();
                assertThat(publish(console, "icu/B3/console-b3", pumpBatch(4, 3000))).isZero();
                worstMillis = Math.max(worstMillis, (System.nanoTime() - t0) / 1_000_000);
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        } finally {
            flooding.set(false);
            guesser.shutdown();
            guesser.awaitTermination(20, TimeUnit.SECONDS);
        }
        assertThat(guesses.get()).as("guesses made").isGreaterThan(100);
        assertThat(refusals).as("CONNACK codes: 4 bad user name or password, 3 server unavailable (rate limited)")
                .containsOnly(3, 4);
        assertThat(worstMillis).as("worst PUBACK latency while ~30 wrong passwords a second arrive").isLessThan(500);
        double checked = metric("ecmo_mqtt_refused_total", "reason=\"bad_credentials\"");
        assertThat(metric("ecmo_mqtt_refused_total", "reason=\"rate_limited\"")).isGreaterThan(50);
        assertThat(checked).as("wrong passwords actually checked: burst + one per refill").isLessThan(20);
        assertThat(connect("gateway-b3-during", "gateway-b3", PASSWORD).isConnected())
                .as("a device that signed in from this address before is not locked out by the guesser").isTrue();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> connect("pump-b5-later", "pump-b5", PASSWORD).isConnected());
    }
}
