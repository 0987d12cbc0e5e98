package org.ecmomonitor.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.IngestListener;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.SourceNotice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine live: one thread ("alert-engine") owns it; stored samples and context from ingest are handed to that
 * thread, and the wall clock ticks it every second so that time passes when no data arrives (FEED_STALE, windows
 * draining). Acknowledgements go through the same thread.
 *
 * <p>Input waits in an inbox that the thread drains whole: what arrived while it was busy is evaluated in one go,
 * as one durable unit of the alert repository (one disk sync for all the alert events it caused, not one per
 * write), and only then are its alert events published to the listeners, so the board never shows an alert that a
 * crash could lose. Should the commit fail (a full disk), the events are published all the same (an alert not
 * stored is better than one not shown): the repository keeps them in memory and stores them once it can (issue 14),
 * and meanwhile {@link #health()} reports the alerts degraded with how many wait, so that the engine's state never
 * runs ahead of what is stored without saying so. Under load the drains grow and the syncs per sample fall; a burst
 * of alerts (a hundred beds' lactate results in one second) no longer queues the next samples behind a hundred
 * syncs.
 */
public final class LiveAlerts implements IngestListener, HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAlerts.class);
    /** Inbox items evaluated per unit at most, so that one unit's events are not held back for long. */
    private static final int MAX_DRAIN = 2_000;

    private final AlertEngine engine;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Timer evaluation;
    private final Timer waiting;
    private final Counter errors;
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private volatile String problem;
    /** Sample batches handed to the engine thread and not yet evaluated. */
    private final AtomicInteger pendingBatches = new AtomicInteger();
    /** Input waiting for the engine thread: {@link Queued} sample batches, context updates and ingest's refusals. */
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    /** Alert events of the unit in progress, published once it is committed (engine thread only). */
    private final List<AlertEvent> unpublished = new ArrayList<>();

    private record Queued(List<Sample> samples, long receivedMillis, long queuedNanos) {
    }

    private record Context(ContextUpdate update, long receivedMillis) {
    }

    private record Refusing(boolean refusing) {
    }

    private record Notices(List<SourceNotice> notices, long receivedMillis) {
    }

    public LiveAlerts(AlertEngine engine, Clock clock, MeterRegistry meters) {
        this.engine = engine;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "alert-engine"));
        this.evaluation = Timer.builder("ecmo.alerts.evaluation")
                .description("rule latency: time to run a batch of stored samples through the rule pack")
                .register(meters);
        this.waiting = Timer.builder("ecmo.alerts.queue.wait")
                .description("time stored samples wait for the rule engine's thread").register(meters);
        this.errors = Counter.builder("ecmo.alerts.engine.errors").description("failed rule evaluations")
                .register(meters);
        engine.addListener(e -> eventCounters.computeIfAbsent(e.rule().name() + "/" + e.event().wireName(),
                k -> Counter.builder("ecmo.alerts.events").description("alert events, by rule and event")
                        .tag("rule", e.rule().name()).tag("event", e.event().wireName()).register(meters))
                .increment());
        engine.addListener(unpublished::add);
    }

    /** Restores each bed's context, then starts the clock ticks. */
    public void start(Map<String, PatientContext> contexts) {
        long now = clock.millis();
        thread.execute(() -> guarded(() -> contexts.forEach(
                (bed, c) -> engine.onContext(new ContextUpdate(bed, now, c, Set.of())))));
        thread.scheduleAtFixedRate(() -> guarded(this::tick), 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The wall clock moves the engine only when no data is waiting (alert-rules.md: "advanced by the wall clock when
     * no data arrives"). Were it to jump ahead of samples still queued behind it, every bed would look silent and be
     * evaluated at the tick, which at 5,000 beds made the engine fall further behind with each tick.
     */
    private void tick() {
        if (pendingBatches.get() == 0) {
            unit(() -> {
                engine.advanceTo(clock.millis());
                return null;
            });
        }
    }

    /**
     * The monitor's clock jumped forward to {@code atMillis} (a server clock step, a machine resumed from suspension):
     * nothing could be heard in the jump, so no feed is judged silent for it (alert-rules.md Time 3 judges silence
     * on receipt); each stale limit runs afresh from then. Safe to call from any thread.
     */
    public void clockJumped(long atMillis) {
        try {
            thread.execute(() -> guarded(() -> unit(() -> {
                engine.resumeSilencesAt(atMillis);
                return null;
            })));
        } catch (RejectedExecutionException e) {
            LOG.debug("alert engine stopped; clock jump not applied");
        }
    }

    /** Adds a listener of alert events; it hears each event once the event's state is durable. */
    public void addListener(AlertListener l) {
        listeners.add(l);
    }

    @Override
    public void onSamples(List<Sample> samples, long receivedMillis) {
        pendingBatches.incrementAndGet();
        enqueue(new Queued(samples, receivedMillis, System.nanoTime()));
    }

    @Override
    public void onContext(ContextUpdate update, long receivedMillis) {
        enqueue(new Context(update, receivedMillis));
    }

    /** The samples of a device that is not the bed's source are not judged; the notices raise the conflict. */
    @Override
    public void onOtherSources(List<Sample> notJudged, List<SourceNotice> notices, long receivedMillis) {
        enqueue(new Notices(notices, receivedMillis));
    }

    @Override
    public void onRefusing(boolean refusing, long atMillis) {
        enqueue(new Refusing(refusing));
    }

    private void enqueue(Object input) {
        inbox.add(input);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(() -> guarded(this::drain));
            } catch (RejectedExecutionException e) {
                LOG.debug("alert engine stopped; stored input not evaluated");
            }
        }
    }

    /**
     * Evaluates what the inbox holds (up to {@link #MAX_DRAIN} items, then again) as one unit. The flag is cleared
     * before taking, so input arriving meanwhile schedules the next drain rather than being left behind.
     */
    private void drain() {
        drainScheduled.set(false);
        boolean more = unit(() -> {
            long t0 = System.nanoTime();
            int n = 0;
            Object input;
            while (n < MAX_DRAIN && (input = inbox.poll()) != null) {
                n++;
                if (input instanceof Queued q) {
                    pendingBatches.decrementAndGet();
                    waiting.record(t0 - q.queuedNanos(), TimeUnit.NANOSECONDS);
                    for (Sample s : q.samples()) {
                        engine.onSample(s, q.receivedMillis());
                    }
                } else if (input instanceof Refusing r) {
                    engine.ingestRefusing(r.refusing());
                } else if (input instanceof Notices ns) {
                    for (SourceNotice notice : ns.notices()) {
                        engine.onSourceNotice(notice, ns.receivedMillis());
                    }
                } else {
                    Context c = (Context) input;
                    engine.onContext(c.update(), c.receivedMillis());
                }
            }
            engine.flush();
            evaluation.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            return !inbox.isEmpty();
        });
        if (more && drainScheduled.compareAndSet(false, true)) {
            thread.execute(() -> guarded(this::drain));
        }
    }

    /** Runs engine work as one durable unit of the repository, then publishes the alert events it caused. */
    private <T> T unit(java.util.function.Supplier<T> work) {
        try {
            return engine.repository().inUnit(work);
        } finally {
            publish();
        }
    }

    private void publish() {
        if (unpublished.isEmpty()) {
            return;
        }
        List<AlertEvent> events = List.copyOf(unpublished);
        unpublished.clear();
        for (AlertEvent e : events) {
            for (AlertListener l : listeners) {
                try {
                    l.onAlertEvent(e);
                } catch (RuntimeException ex) {
                    LOG.error("alert listener {} failed on {}", l, e, ex);
                }
            }
        }
    }

    /** Acknowledges an alert; completes with false when no active alert has that id. */
    public CompletableFuture<Boolean> acknowledge(long alertId, String user, String comment) {
        return CompletableFuture.supplyAsync(() -> unit(() -> engine.acknowledge(alertId, user, comment)), thread);
    }

    /** Starts a procedure suppression now (engine clock); fails with IllegalArgumentException for a bad request. */
    public CompletableFuture<Suppression> suppress(String bed, Set<Rule> rules, boolean allPhysiological,
                                                   int minutes, String reason, String user) {
        return CompletableFuture.supplyAsync(
                () -> unit(() -> engine.suppress(bed, rules, allPhysiological, minutes, reason, user)), thread);
    }

    public CompletableFuture<Boolean> endSuppression(String bed, long id, String user) {
        return CompletableFuture.supplyAsync(() -> unit(() -> engine.endSuppression(bed, id, user)), thread);
    }

    public CompletableFuture<List<Suppression>> suppressions(String bed) {
        return CompletableFuture.supplyAsync(() -> engine.suppressions(bed), thread);
    }

    public AlertRepository repository() {
        return engine.repository();
    }

    /**
     * Each device's clock offset as the engine estimates it (receipt minus observation time, milliseconds;
     * positive = the device's clock is behind the server's or its messages lag), by device name; where one name
     * publishes for several beds (the demo's gateways), one of its estimates. Read on the engine thread, in
     * O(beds), when a feed console asks (every few seconds); empty when the engine does not answer within 2 s.
     * Safe to call from any thread.
     */
    public Map<String, Long> deviceOffsets() {
        try {
            return CompletableFuture.supplyAsync(engine::deviceOffsets, thread).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RejectedExecutionException e) {
            LOG.debug("device offsets not available: {}", e.toString());
            return Map.of();
        }
    }

    private void guarded(Runnable r) {
        try {
            r.run();
            problem = null;
        } catch (RuntimeException e) {
            errors.increment();
            problem = e.toString();
            LOG.error("alert engine failed; continuing with the next input", e);
        }
    }

    /**
     * Down when the last evaluation failed; degraded (down, with the count) while alert events wait in memory
     * because they cannot be stored; up otherwise, saying how many events were lost if the bound was ever reached.
     */
    @Override
    public ComponentHealth health() {
        String p = problem;
        if (p != null) {
            return new ComponentHealth("alerts", false, true, "last evaluation failed: " + p);
        }
        AlertBacklog backlog = engine.repository().backlog();
        String lost = backlog.droppedEvents() == 0 ? "" : "; " + backlog.droppedEvents()
                + " alert event(s) could not be kept and are missing from the history (see the log)";
        if (backlog.unstoredEvents() > 0 || backlog.problem() != null) {
            return new ComponentHealth("alerts", false, true, "degraded: " + backlog.unstoredEvents()
                    + " alert event(s) shown but not yet stored, retried every second"
                    + (backlog.problem() == null ? "" : " (" + backlog.problem() + ")") + lost);
        }
        return ComponentHealth.up("alerts", "rule pack running" + lost);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
