package org.ecmomonitor.alerts.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.alerts.sqlite.SqliteAlertOutbox;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.TestServers;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert events over MQTT to a real Mosquitto that goes down and comes back: none lost, in order (contract §4). */
class MqttAlertPublisherIT {
    @TempDir
    Path dir;

    /** Paging middleware: a persistent subscriber to alerts/#. */
    private static MqttAsyncClient pager(String url, List<String> received) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "pager-it", new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                try {
                    c.subscribe("alerts/#", 1);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void authPacketArrived(int reason, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    @Test
    void everyAlertEventReachesTheBrokerAlsoThoseRaisedWhileItWasDown() throws Exception {
        long t0 = Instant.now().minusSeconds(3600).toEpochMilli();
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> expected = new ArrayList<>();
        try (TestServers.ServerProcess mosquitto = TestServers.startMosquitto(dir.resolve("mosquitto"));
             SqliteAlertOutbox outbox = new SqliteAlertOutbox(dir.resolve("monitor.db"), 1000);
             AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), Map.of(), t0)) {
            String url = "tcp://127.0.0.1:" + mosquitto.port();
            MqttAsyncClient pager = pager(url, received);
            try (MqttAlertPublisher publisher = new MqttAlertPublisher(
                    new AlertBrokerConfig(URI.create(url), "ecmo-alerts-it", null, null), outbox,
                    new SimpleMeterRegistry())) {
                publisher.start();
                engine.addListener(publisher);
                engine.addListener(e -> {
                    if (e.event() != org.ecmomonitor.alerts.AlertEventType.SUPPRESSED) {
                        expected.add("alerts/" + e.bed() + "/" + e.rule().name() + " " + AlertEventJson.toJson(e));
                    }
                });
                for (int b = 0; b < 5; b++) {
                    engine.onSample(Sample.of("B" + b, "lab", Signal.LACTATE, t0 + b * 1000, 5.0 + b));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 5);

                mosquitto.stop();
                for (int b = 0; b < 5; b++) {
                    engine.onSample(Sample.of("B" + b, "lab", Signal.LACTATE, t0 + 10_000 + b * 1000, 1.5));
                }
                engine.onSample(Sample.of("B9", "lab", Signal.LACTATE, t0 + 20_000, 12.0));
                await().until(() -> !publisher.health().up());
                assertThat(outbox.size()).isEqualTo(6);

                mosquitto.start();
                // QoS 1 is at least once: a broker stopped right after delivering may deliver again what the pager
                // had not yet acknowledged (seen in CI), so duplicates are allowed and ignored here (a pager dedupes
                // by alert id and event); every event must arrive, in order
                await().atMost(Duration.ofSeconds(60)).until(() -> received.containsAll(expected));
                assertThat(outbox.size()).isZero();
                assertThat(publisher.health().up()).isTrue();
            } finally {
                pager.disconnect().waitForCompletion(2_000);
                pager.close();
            }
        }
        assertThat(received.stream().distinct().toList()).containsExactlyElementsOf(expected);
        assertThat(expected).hasSize(11);
    }

    @Test
    void deliveryIsHealthyOnceConnectedEvenWithNothingToSend() throws Exception {
        try (SqliteAlertOutbox outbox = new SqliteAlertOutbox(dir.resolve("monitor.db"), 1000);
             MqttAlertPublisher publisher = new MqttAlertPublisher(new AlertBrokerConfig(
                     URI.create(TestServers.brokerUrl()), "ecmo-alerts-health-it", null, null), outbox,
                     new SimpleMeterRegistry())) {
            assertThat(publisher.health().up()).isFalse();
            publisher.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.health().up());
            assertThat(publisher.health().detail()).startsWith("publishing to ");
        }
    }
}
