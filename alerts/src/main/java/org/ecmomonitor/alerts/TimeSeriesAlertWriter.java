package org.ecmomonitor.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every alert event to the time-series store ({@code alerts} measurement, contract §6) so that trends in
 * other tools (Grafana) can mark them. The engine thread only queues the event: the store may be busy with a large
 * group commit of samples, and the engine must not wait for it (a benchmark at 5,000 beds showed a burst of alert
 * events stalling the engine for seconds that way). A thread of its own writes what is queued, many points per
 * write. The alert history of record is SQLite; a full queue or a failed write is counted and logged, not retried.
 */
public final class TimeSeriesAlertWriter implements AlertListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesAlertWriter.class);
    private static final int MAX_BATCH = 1000;

    private final SampleStore store;
    private final BlockingQueue<AlertPoint> queue;
    private final Counter failures;
    private final Counter dropped;
    private Thread thread;
    private volatile boolean running;

    public TimeSeriesAlertWriter(SampleStore store, int capacity, MeterRegistry meters) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.failures = Counter.builder("ecmo.alerts.store.failures")
                .description("alert events not written to the time-series store").register(meters);
        this.dropped = Counter.builder("ecmo.alerts.store.dropped")
                .description("alert events not queued for the time-series store (queue full)").register(meters);
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "alert-points");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onAlertEvent(AlertEvent e) {
        AlertPoint p = new AlertPoint(e.atMillis(), e.bed(), e.rule().name(), e.priority().wireName(),
                e.event().wireName(), e.message(), e.value());
        if (!queue.offer(p)) {
            dropped.increment();
        }
    }

    private void run() {
        List<AlertPoint> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                AlertPoint first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                store.writeAlertPoints(batch);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException | RuntimeException ex) {
                failures.increment(batch.size());
                LOG.warn("{} alert event(s) not written to the time-series store: {}", batch.size(), ex.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public synchronized void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }

    int queued() {
        return queue.size();
    }
}
