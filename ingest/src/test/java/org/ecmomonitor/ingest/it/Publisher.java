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
 * it sends again after a reconnect, and automatic reconnect. Given a folder, its in-flight messages are kept on
 * disk and a reconnect that hangs (a Paho behaviour seen after broker restarts) is replaced by a fresh client of
 * the same id, which resumes the session and resends them, as a robust gateway does.
 */
final class Publisher implements AutoCloseable {
    private static final long STUCK_MILLIS = 8_000;

    private final String url;
    private final String clientId = "gw-" + UUID.randomUUID();
    private final java.nio.file.Path persistence;
    volatile MqttAsyncClient client;
    private long failingSince;

    Publisher(String url) throws MqttException {
        this(url, null);
    }

    Publisher(String url, java.nio.file.Path persistence) throws MqttException {
        this.url = url;
        this.persistence = persistence;
        client = connect();
    }

    private MqttAsyncClient connect() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, persistence == null ? new MemoryPersistence()
                : new org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence(persistence.toString()));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setConnectionTimeout(5);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Replaces a client whose reconnection hangs; only with file persistence, so nothing in flight is lost. */
    private void replaceIfStuck() {
        if (persistence == null || client.isConnected()) {
            failingSince = 0;
            return;
        }
        long now = System.currentTimeMillis();
        if (failingSince == 0) {
            failingSince = now;
        } else if (now - failingSince > STUCK_MILLIS) {
            failingSince = 0;
            try {
                client.disconnectForcibly(0, 500, false);
            } catch (MqttException ignored) {
                // the old client is being dropped
            }
            try {
                client.close(true);
                client = connect();
            } catch (MqttException e) {
                failingSince = now;
            }
        }
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
                    replaceIfStuck();
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
