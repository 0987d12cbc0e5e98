package org.ecmomonitor.app.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual bedside gateways: one MQTT 5 connection per bed (client id {@code gateway-<bed>}), publishing what the
 * bed's scenario sends, QoS 1, on {@code icu/<bed>/<device>}, as its scenario time comes due on the clock. A
 * failed publish is counted and logged (at most once a minute) and the gateway goes on, as a real one would.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final long STEP_MILLIS = 100;

    /** One simulated bed: its id and what it plays. */
    public record Bed(String bed, ScenarioPlayer player) {
    }

    private final String serverUri;
    private final List<Bed> beds;
    private final Clock clock;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService timer;
    private long startMillis;
    private long doneUntil;
    private long lastWarning;

    public Simulator(String serverUri, List<Bed> beds, Clock clock) {
        this.serverUri = serverUri;
        this.beds = List.copyOf(beds);
        this.clock = clock;
    }

    public synchronized void start() throws MqttException {
        for (Bed b : beds) {
            MqttAsyncClient c = new MqttAsyncClient(serverUri, "gateway-" + b.bed(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            o.setCleanStart(true);
            c.connect(o).waitForCompletion(10_000);
            clients.add(c);
        }
        startMillis = clock.millis();
        doneUntil = 0;
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulator"));
        timer.scheduleAtFixedRate(this::step, 0, STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Publishes everything due since the last step. */
    private void step() {
        try {
            long until = clock.millis() - startMillis + 1;
            for (int i = 0; i < beds.size(); i++) {
                Bed b = beds.get(i);
                for (Emission e : b.player().between(doneUntil, until, startMillis)) {
                    publish(clients.get(i), "icu/" + b.bed() + "/" + e.device(), e.payload());
                }
            }
            doneUntil = until;
        } catch (RuntimeException e) {
            LOG.error("simulator step failed; going on", e);
        }
    }

    private void publish(MqttAsyncClient c, String topic, byte[] payload) {
        try {
            c.publish(topic, payload, 1, false);
            published.incrementAndGet();
        } catch (MqttException e) {
            failed.incrementAndGet();
            long now = System.currentTimeMillis();
            if (now - lastWarning > 60_000) {
                lastWarning = now;
                LOG.warn("simulated gateway could not publish to {} ({} failed so far): {}", topic, failed.get(),
                        e.getMessage());
            }
        }
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(2_000);
            } catch (MqttException e) {
                LOG.debug("gateway disconnect: {}", e.getMessage());
            }
            try {
                c.close();
            } catch (MqttException e) {
                LOG.debug("gateway close: {}", e.getMessage());
            }
        }
        clients.clear();
    }
}
