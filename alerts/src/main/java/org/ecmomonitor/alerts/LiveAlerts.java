package org.ecmomonitor.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.IngestListener;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine live: one thread ("alert-engine") owns it; stored samples and context from ingest are handed to that
 * thread, and the wall clock ticks it every second so that time passes when no data arrives (FEED_STALE, windows
 * draining). Acknowledgements go through the same thread.
 */
public final class LiveAlerts implements IngestListener, HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAlerts.class);

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
    }

    /** Restores each bed's context, then starts the clock ticks. */
    public void start(Map<String, PatientContext> contexts) {
        long now = clock.millis();
        thread.execute(() -> contexts.forEach((bed, c) -> engine.onContext(new ContextUpdate(bed, now, c, Set.of()))));
        thread.scheduleAtFixedRate(() -> guarded(this::tick), 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The wall clock moves the engine only when no data is waiting (alert-rules.md: "advanced by the wall clock when
     * no data arrives"). Were it to jump ahead of samples still queued behind it, every bed would look silent and be
     * evaluated at the tick, which at 5,000 beds made the engine fall further behind with each tick.
     */
    private void tick() {
        if (pendingBatches.get() == 0) {
            engine.advanceTo(clock.millis());
        }
    }

    public void addListener(AlertListener l) {
        thread.execute(() -> engine.addListener(l));
    }

    @Override
    public void onSamples(List<Sample> samples) {
        long queued = System.nanoTime();
        pendingBatches.incrementAndGet();
        boolean taken = submit(() -> {
            pendingBatches.decrementAndGet();
            long t0 = System.nanoTime();
            waiting.record(t0 - queued, TimeUnit.NANOSECONDS);
            for (Sample s : samples) {
                engine.onSample(s);
            }
            engine.flush();
            evaluation.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
        if (!taken) {
            pendingBatches.decrementAndGet();
        }
    }

    @Override
    public void onContext(ContextUpdate update) {
        submit(() -> engine.onContext(update));
    }

    /** Hands work to the engine thread; after close (shutdown drains ingest) it is dropped: the data is stored. */
    private boolean submit(Runnable work) {
        try {
            thread.execute(() -> guarded(work));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("alert engine stopped; stored input not evaluated");
            return false;
        }
    }

    /** Acknowledges an alert; completes with false when no active alert has that id. */
    public CompletableFuture<Boolean> acknowledge(long alertId, String user, String comment) {
        return CompletableFuture.supplyAsync(() -> engine.acknowledge(alertId, user, comment), thread);
    }

    /** Starts a procedure suppression now (engine clock); fails with IllegalArgumentException for a bad request. */
    public CompletableFuture<Suppression> suppress(String bed, Set<Rule> rules, boolean allPhysiological,
                                                   int minutes, String reason, String user) {
        return CompletableFuture.supplyAsync(
                () -> engine.suppress(bed, rules, allPhysiological, minutes, reason, user), thread);
    }

    public CompletableFuture<Boolean> endSuppression(String bed, long id, String user) {
        return CompletableFuture.supplyAsync(() -> engine.endSuppression(bed, id, user), thread);
    }

    public CompletableFuture<List<Suppression>> suppressions(String bed) {
        return CompletableFuture.supplyAsync(() -> engine.suppressions(bed), thread);
    }

    public AlertRepository repository() {
        return engine.repository();
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

    @Override
    public ComponentHealth health() {
        String p = problem;
        return p == null ? ComponentHealth.up("alerts", "rule pack running")
                : new ComponentHealth("alerts", false, true, "last evaluation failed: " + p);
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
