package org.ecmomonitor.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real MQTT clients (Paho, MQTT 5 and 3.1.1) publishing to the endpoint on a free port, read back from SQLite. */
class MqttEndpointIT {
    @TempDir
    Path dir;
    private IngestHarness ingest;
    private String url;

    @BeforeEach
    void start() throws Exception {
        ingest = new IngestHarness(dir, new SqliteSampleStore(dir.resolve("samples.db"), java.time.Clock.systemUTC(),
                Duration.ofDays(30)));
        url = ingest.startEndpoint();
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    private List<TrendPoint> mapTrend(String bed, long t0) throws Exception {
        return ingest.store.trend(new TrendQuery(bed, Signal.MAP, t0 - 60_000, t0 + 3_600_000, 1000));
    }

    @Test
    void storesEveryQos1SampleOfAnMqtt5ClientAndCarriesOnAfterBadOnes() throws Exception {
        long t0 = Instant.now().minusSeconds(600).toEpochMilli();
        List<IMqttToken> tokens = new ArrayList<>();
        try (Publisher gw = new Publisher(url)) {
            for (int i = 0; i < 200; i++) {
                tokens.add(gw.publishPatiently("icu/B1/console", Publisher.sample("map", t0 + i * 1000L, 60 + i % 10,
                        "mmHg"), 10_000));
                if (i == 100) {
                    tokens.add(gw.publish("icu/B1/console", "{\"ts\": nonsense", 1));
                    tokens.add(gw.publish("icu/B1/console", Publisher.sample("map", t0, 60, "psi"), 1));
                }
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(10_000);
            }
            assertThat(gw.client.isConnected()).isTrue();
        }
        assertThat(mapTrend("B1", t0)).hasSize(200);
        List<String> dead = Files.readAllLines(dir.resolve("deadletter/deadletter.jsonl"));
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0)).contains("malformed_json");
        assertThat(dead.get(1)).contains("unknown_unit");
    }

    @Test
    void storesAQos1MessagePublishedTwiceOnceAndCountsTheDuplicate() throws Exception {
        long ts = Instant.now().minusSeconds(5).toEpochMilli();
        String sample = Publisher.sample("map", ts, 63, "mmHg");
        try (Publisher gw = new Publisher(url)) {
            IMqttToken first = gw.publish("icu/B1/console", sample, 1);
            first.waitForCompletion(10_000);
            IMqttToken again = gw.publish("icu/B1/console", sample, 1);
            again.waitForCompletion(10_000);
            assertThat(again.getReasonCodes()).as("acknowledged as a success").containsOnly(0);
            assertThat(gw.client.isConnected()).isTrue();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("samples.db"));
             ResultSet rs = db.createStatement().executeQuery(
                     "SELECT COUNT(*), MIN(value) FROM vitals WHERE bed = 'B1' AND device = 'console'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getDouble(2)).isEqualTo(63.0);
        }
        assertThat(ingest.monitor.status("console").orElseThrow().duplicates()).isEqualTo(1);
        assertThat(ingest.meters.counter("ecmo.ingest.duplicates", "feed", "console").count()).isEqualTo(1);
        assertThat(ingest.monitor.status("console").orElseThrow().rejectedTotal()).isZero();
    }

    @Test
    void storesTheConvertedValueOfAnMqtt311ClientsSample() throws Exception {
        long ts = Instant.now().minusSeconds(5).toEpochMilli();
        MqttClient v3 = new MqttClient(url, "gw-v3", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        v3.connect(o);
        v3.publish("icu/B1/console", Publisher.sample("map", ts, 8.4, "kPa").getBytes(StandardCharsets.UTF_8), 1,
                false);
        v3.disconnect();
        v3.close();
        assertThat(mapTrend("B1", ts)).singleElement().satisfies(p -> assertThat(p.mean()).isEqualTo(63.0));
    }

    @Test
    void aSubscribingClientIsRefusedButStaysConnected() throws Exception {
        MqttClient v3 = new MqttClient(url, "curious", new MemoryPersistence());
        v3.connect();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> v3.subscribe("icu/#", 1))
                .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);
        assertThat(v3.isConnected()).isTrue();
        v3.disconnect();
        v3.close();
    }

    @Test
    void manyGatewaysAtOnce() throws Exception {
        long t0 = Instant.now().minusSeconds(300).toEpochMilli();
        List<Publisher> gws = new ArrayList<>();
        List<IMqttToken> tokens = new ArrayList<>();
        try {
            for (int b = 0; b < 20; b++) {
                gws.add(new Publisher(url));
            }
            for (int i = 0; i < 50; i++) {
                for (int b = 0; b < gws.size(); b++) {
                    tokens.add(gws.get(b).publishPatiently("icu/B" + b + "/console",
                            Publisher.sample("map", t0 + i * 1000L, 70, "mmHg"), 10_000));
                }
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(10_000);
            }
        } finally {
            for (Publisher p : gws) {
                p.close();
            }
        }
        await().untilAsserted(() -> {
            for (int b = 0; b < 20; b++) {
                assertThat(mapTrend("B" + b, t0)).as("bed B" + b).hasSize(50);
            }
        });
    }
}
