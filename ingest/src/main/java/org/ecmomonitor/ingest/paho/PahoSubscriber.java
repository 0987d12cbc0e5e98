package org.ecmomonitor.ingest.paho;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.InboundMessage;
import org.ecmomonitor.ingest.IngestPipeline;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to a site's broker (MQTT 5, Paho) and feeds the same ingest pipeline as the built-in endpoint.
 * Persistent session (clean start off, long session expiry) and manual acknowledgements: a message is
 * acknowledged to the broker only once the pipeline has stored it, so a crash or a store outage loses nothing the
 * broker holds. Paho callbacks never block or throw: the message is handed to the pipeline and the callback
 * returns. Connection loss is repaired by Paho's automatic reconnect; the first connection by our own backoff.
 */
public final class PahoSubscriber implements HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PahoSubscriber.class);
    private static final long SESSION_EXPIRY_SECONDS = 7L * 24 * 3600;
    private static final int MAX_BACKOFF_SECONDS = 30;

    private final BrokerConfig config;
    private final IngestPipeline pipeline;
    private ScheduledExecutorService retry;
    private MqttAsyncClient client;
    private volatile String problem = "not yet connected";
    private volatile boolean closed;
    private int attempt;

    public PahoSubscriber(BrokerConfig config, IngestPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    public synchronized void start() throws MqttException {
        client = new MqttAsyncClient(config.url().toString(), config.clientId(),
                new MqttDefaultFilePersistence(config.persistenceDir().toString()));
        client.setManualAcks(true);
        client.setCallback(new Callback());
        retry = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "paho-connect"));
        connect();
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, MAX_BACKOFF_SECONDS);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setReceiveMaximum(1000);
        if (config.username() != null) {
            o.setUserName(config.username());
            o.setPassword(config.password() == null ? new byte[0]
                    : config.password().getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options(), null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    attempt = 0;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    scheduleRetry(e);
                }
            });
        } catch (MqttException e) {
            scheduleRetry(e);
        }
    }

    private synchronized void scheduleRetry(Throwable e) {
        problem = "cannot connect to " + config.url() + ": " + e.getMessage();
        if (closed) {
            return;
        }
        long delay = Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(attempt++, 5));
        LOG.warn("broker {}: {}; retrying in {} s", config.url(), e.getMessage(), delay);
        retry.schedule(this::connect, delay, TimeUnit.SECONDS);
    }

    private void subscribe() {
        String[] topics = config.topics().toArray(String[]::new);
        int[] qos = new int[topics.length];
        java.util.Arrays.fill(qos, 1);
        try {
            client.subscribe(topics, qos);
        } catch (MqttException e) {
            problem = "subscribe failed: " + e.getMessage();
            LOG.error("broker {}: {}", config.url(), problem);
        }
    }

    @Override
    public ComponentHealth health() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected()
                ? ComponentHealth.up("broker", "subscribed to " + config.topics() + " on " + config.url())
                : ComponentHealth.down("broker", problem);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retry != null) {
            retry.shutdownNow();
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
                client.close();
            } catch (MqttException e) {
                LOG.warn("broker {}: closing: {}", config.url(), e.getMessage());
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            problem = null;
            LOG.info("broker {}: {}; subscribing to {}", serverUri, reconnect ? "reconnected" : "connected",
                    config.topics());
            subscribe();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            try {
                pipeline.submit(new InboundMessage(topic, message.getPayload(), "broker", null, true))
                        .whenComplete((delivery, error) -> {
                            if (error != null) {
                                LOG.warn("broker message {} on {} not stored ({}); not acknowledged, the broker"
                                        + " redelivers it on reconnect", id, topic, error.getMessage());
                                return;
                            }
                            acknowledge(id, qos);
                        });
            } catch (RuntimeException e) {
                LOG.error("broker message {} on {}: unexpected error, not acknowledged", id, topic, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            problem = "disconnected: " + response.getReasonString() + " (" + response.getException() + ")";
            LOG.warn("broker {}: {}", config.url(), problem);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("broker {}: {}", config.url(), exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // we publish nothing on this connection
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            LOG.warn("broker {}: unexpected AUTH packet ({}), enhanced authentication is not used", config.url(),
                    reasonCode);
        }
    }

    private void acknowledge(int id, int qos) {
        if (qos == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            LOG.warn("broker {}: acknowledging message {} failed ({}); the broker will redeliver it", config.url(),
                    id, e.getMessage());
        }
    }
}
