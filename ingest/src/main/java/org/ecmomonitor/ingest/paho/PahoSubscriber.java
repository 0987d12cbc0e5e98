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
 * returns. The connection is supervised here, not by Paho's automatic reconnect, which with manual
 * acknowledgements was seen to stay disconnected for good after a broker restart (about one restart in three in
 * PahoSubscriberIT): every loss schedules a reconnect with backoff, and a watchdog retries whatever was missed.
 */
public final class PahoSubscriber implements HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PahoSubscriber.class);
    private static final long SESSION_EXPIRY_SECONDS = 7L * 24 * 3600;
    private static final int MAX_BACKOFF_SECONDS = 30;
    private static final int WATCHDOG_SECONDS = 5;
    /** A connection attempt without answer for this long is abandoned (seen: a CONNECT Paho never completes). */
    private static final long STUCK_CONNECT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final BrokerConfig config;
    private final IngestPipeline pipeline;
    private ScheduledExecutorService retry;
    private MqttAsyncClient client;
    private volatile String problem = "not yet connected";
    private volatile boolean closed;
    private boolean connecting;
    private long connectStartedNanos;
    /**
     * Bumped on every (re)connection. A message is acknowledged only on the connection that delivered it: after a
     * reconnect the broker redelivers what was not acknowledged (the store keeps one copy), and a PUBACK for a
     * packet id of the previous connection makes Mosquitto drop the new one.
     */
    private final java.util.concurrent.atomic.AtomicLong connection = new java.util.concurrent.atomic.AtomicLong();
    private boolean retryScheduled;
    private int attempt;

    public PahoSubscriber(BrokerConfig config, IngestPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    public synchronized void start() throws MqttException {
        client = newClient();
        retry = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "paho-connect"));
        retry.scheduleWithFixedDelay(this::watchdog, WATCHDOG_SECONDS, WATCHDOG_SECONDS, TimeUnit.SECONDS);
        connect();
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(config.url().toString(), config.clientId(),
                new MqttDefaultFilePersistence(config.persistenceDir().toString()));
        c.setManualAcks(true);
        c.setCallback(new Callback());
        return c;
    }

    private synchronized void watchdog() {
        if (closed || client.isConnected()) {
            return;
        }
        if (connecting && System.nanoTime() - connectStartedNanos > STUCK_CONNECT_NANOS) {
            LOG.warn("broker {}: connection attempt unanswered for 20 s; starting a fresh client", config.url());
            replaceClient();
            connect();
        } else if (!connecting && !retryScheduled) {
            LOG.info("broker {}: not connected; reconnecting", config.url());
            connect();
        }
    }

    /** Drops a client stuck in a connection attempt; the new one resumes the same session (same client id). */
    private void replaceClient() {
        MqttAsyncClient old = client;
        try {
            old.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            LOG.debug("broker {}: dropping stuck client: {}", config.url(), e.getMessage());
        }
        try {
            old.close(true);
        } catch (MqttException e) {
            LOG.debug("broker {}: closing stuck client: {}", config.url(), e.getMessage());
        }
        try {
            client = newClient();
            connection.incrementAndGet();
        } catch (MqttException e) {
            problem = "cannot create a client: " + e.getMessage();
            LOG.error("broker {}: {}", config.url(), problem);
        }
        connecting = false;
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        o.setAutomaticReconnect(false);
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
        retryScheduled = false;
        if (closed || connecting || client.isConnected()) {
            return;
        }
        connecting = true;
        connectStartedNanos = System.nanoTime();
        MqttAsyncClient thisClient = client;
        try {
            thisClient.connect(options(), null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    synchronized (PahoSubscriber.this) {
                        if (client == thisClient) {
                            connecting = false;
                            attempt = 0;
                        }
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    synchronized (PahoSubscriber.this) {
                        if (client != thisClient) {
                            return;
                        }
                        connecting = false;
                    }
                    scheduleRetry(e);
                }
            });
        } catch (MqttException e) {
            connecting = false;
            scheduleRetry(e);
        }
    }

    private synchronized void scheduleRetry(Throwable e) {
        problem = "cannot connect to " + config.url() + ": " + e.getMessage();
        if (closed || retryScheduled) {
            return;
        }
        retryScheduled = true;
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
            connection.incrementAndGet();
            problem = null;
            LOG.info("broker {}: {}; subscribing to {}", serverUri, reconnect ? "reconnected" : "connected",
                    config.topics());
            subscribe();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            long deliveredOn = connection.get();
            try {
                pipeline.submit(new InboundMessage(topic, message.getPayload(), "broker", null, true))
                        .whenComplete((delivery, error) -> {
                            if (error != null) {
                                LOG.warn("broker message {} on {} not stored ({}); not acknowledged, the broker"
                                        + " redelivers it on reconnect", id, topic, error.getMessage());
                                return;
                            }
                            if (deliveredOn == connection.get()) {
                                acknowledge(id, qos);
                            }
                        });
            } catch (RuntimeException e) {
                LOG.error("broker message {} on {}: unexpected error, not acknowledged", id, topic, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connection.incrementAndGet();
            problem = "disconnected: " + response.getReasonString() + " (" + response.getException() + ")";
            LOG.warn("broker {}: {}", config.url(), problem);
            attempt = 0;
            scheduleRetry(response.getException() != null ? response.getException()
                    : new IllegalStateException("connection lost"));
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
