package org.ecmomonitor.ingest.it;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A bedside gateway as a real MQTT 5 client (Paho): persistent session, so that what it has not had acknowledged
 * it sends again after a reconnect, and automatic reconnect.
 */
final class Publisher implements AutoCloseable {
    final MqttAsyncClient client;

    Publisher(String url) throws MqttException {
        client = new MqttAsyncClient(url, "gw-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setConnectionTimeout(5);
        client.connect(o).waitForCompletion(10_000);
    }

    IMqttToken publish(String topic, String json, int qos) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        return client.publish(topic, m);
    }

    /** Publishes, waiting for room while the client's in-flight window is full or it is reconnecting. */
    IMqttToken publishPatiently(String topic, String json, long timeoutMillis) {
        AtomicReference<IMqttToken> token = new AtomicReference<>();
        await().atMost(Duration.ofMillis(timeoutMillis)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .ignoreExceptionsInstanceOf(MqttException.class)
                .until(() -> {
                    token.set(publish(topic, json, 1));
                    return true;
                });
        return token.get();
    }

    static String sample(String signal, long ts, double value, String unit) {
        return "{\"ts\":" + ts + ",\"signal\":\"" + signal + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\"}";
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
