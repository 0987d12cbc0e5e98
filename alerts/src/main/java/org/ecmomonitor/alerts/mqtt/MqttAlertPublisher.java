package org.ecmomonitor.alerts.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertListener;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.alerts.sqlite.SqliteAlertOutbox;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.HealthCheck;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every alert event (but {@code suppressed}, which is not notified) to {@code alerts/{bed}/{rule}} at
 * QoS 1 with the replay line's JSON (contract §4). The engine thread only appends to the durable outbox; this
 * publisher's own thread sends the outbox in order and deletes a message once the broker acknowledged it, so a
 * broker that is away neither blocks the engine nor loses what was raised meanwhile.
 */
public final class MqttAlertPublisher implements AlertListener, HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAlertPublisher.class);
    private static final int BATCH = 100;
    private static final long ACK_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final AlertBrokerConfig config;
    private final SqliteAlertOutbox outbox;
    private final Semaphore wake = new Semaphore(0);
    private final Counter published;
    private final Counter dropped;
    private final Counter outboxFailures;
    private MqttAsyncClient client;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String problem = "not yet connected";

    public MqttAlertPublisher(AlertBrokerConfig config, SqliteAlertOutbox outbox, MeterRegistry meters) {
        this.config = config;
        this.outbox = outbox;
        this.published = Counter.builder("ecmo.alerts.mqtt.published").description("alert events published")
                .register(meters);
        this.dropped = Counter.builder("ecmo.alerts.mqtt.dropped")
                .description("alert events dropped from the full outbox").register(meters);
        this.outboxFailures = Counter.builder("ecmo.alerts.mqtt.outbox.failures")
                .description("alert events that could not be put in the outbox").register(meters);
        Gauge.builder("ecmo.alerts.mqtt.outbox", outbox, o -> {
            try {
                return o.size();
            } catch (SQLException e) {
                return Double.NaN;
            }
        }).description("alert events waiting for the broker").register(meters);
        this.thread = new Thread(this::run, "alert-publisher");
    }

    public void start() {
        thread.start();
    }

    @Override
    public void onAlertEvent(AlertEvent e) {
        if (e.event() == AlertEventType.SUPPRESSED) {
            return;
        }
        try {
            int over = outbox.add("alerts/" + e.bed() + "/" + e.rule().name(), AlertEventJson.toJson(e));
            if (over > 0) {
                dropped.increment(over);
                LOG.error("alert outbox full: dropped the {} oldest undelivered alert event(s)", over);
            }
            wake.release();
        } catch (SQLException ex) {
            outboxFailures.increment();
            LOG.error("alert event {} {} {} not queued for MQTT: {}", e.bed(), e.rule(), e.event(), ex.getMessage());
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                if (client == null || !client.isConnected()) {
                    connect();
                }
                List<SqliteAlertOutbox.Message> batch = outbox.oldest(BATCH);
                if (batch.isEmpty()) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    continue;
                }
                for (SqliteAlertOutbox.Message m : batch) {
                    MqttMessage msg = new MqttMessage(m.payload().getBytes(StandardCharsets.UTF_8));
                    msg.setQos(1);
                    IMqttToken token = client.publish(m.topic(), msg);
                    token.waitForCompletion(ACK_TIMEOUT_MILLIS);
                    outbox.delete(m.id());
                    published.increment();
                }
                problem = null;
                backoff = 100;
            } catch (MqttException | SQLException e) {
                if (problem == null) {
                    LOG.warn("alert broker {}: {}; alert events wait in the outbox", config.url(), e.getMessage());
                }
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Connects with a fresh client each time: a Paho client whose connection attempt hung after a broker restart
     * was seen never to connect again (see PahoSubscriber). What was not acknowledged is still in the outbox.
     */
    private void connect() throws MqttException {
        if (client != null) {
            try {
                client.disconnectForcibly(0, 500, false);
            } catch (MqttException e) {
                LOG.debug("alert broker {}: dropping the old client: {}", config.url(), e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("alert broker {}: closing the old client: {}", config.url(), e.getMessage());
            }
        }
        client = new MqttAsyncClient(config.url().toString(), config.clientId(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        o.setKeepAliveInterval(30);
        if (config.username() != null) {
            o.setUserName(config.username());
            o.setPassword(config.password() == null ? new byte[0]
                    : config.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o).waitForCompletion(10_000);
        // connected is healthy, with or without alert events to send (issue 14: health said "not yet connected"
        // while connected, until the first event was published)
        problem = null;
        LOG.info("alert broker {}: connected", config.url());
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Not critical for /health (alerts are raised and shown without it), but visible there. */
    @Override
    public ComponentHealth health() {
        String p = problem;
        return new ComponentHealth("alert-delivery", p == null, false,
                p == null ? "publishing to " + config.url() : config.url() + ": " + p);
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("alert broker {}: closing: {}", config.url(), e.getMessage());
        }
    }
}
