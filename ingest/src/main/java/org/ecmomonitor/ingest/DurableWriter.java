package org.ecmomonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that makes ingest durable. Messages queue here; the thread takes as many as are waiting (group
 * commit), appends dead letters, stores context and samples, and only then completes each message's future, in
 * arrival order, so collectors acknowledge QoS 1 in order and only what is stored. While the store is down the
 * batch is retried with backoff and nothing is acknowledged; publishers keep their messages and resend.
 */
final class DurableWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableWriter.class);

    record Pending(List<Sample> samples, List<ContextUpdate> contexts, DeadLetter deadLetter,
                   CompletableFuture<Void> done) {
    }

    private final SampleStore store;
    private final ContextRepository contexts;
    private final DeadLetterLog deadLetters;
    private final BlockingQueue<Pending> queue;
    private final int maxBatchSamples;
    private final long maxBackoffMillis;
    private final Counter storedSamples;
    private final Counter writeFailures;
    private final Timer writeTimer;
    private volatile boolean running;
    private volatile boolean storeUp = true;
    private volatile String storeProblem = "";
    private Thread thread;

    DurableWriter(SampleStore store, ContextRepository contexts, DeadLetterLog deadLetters, int capacity,
                  int maxBatchSamples, long maxBackoffMillis, MeterRegistry meters) {
        this.store = store;
        this.contexts = contexts;
        this.deadLetters = deadLetters;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatchSamples = maxBatchSamples;
        this.maxBackoffMillis = maxBackoffMillis;
        this.storedSamples = Counter.builder("ecmo.store.samples").description("samples durably stored")
                .register(meters);
        this.writeFailures = Counter.builder("ecmo.store.write.failures")
                .description("failed store writes (retried)").register(meters);
        this.writeTimer = Timer.builder("ecmo.store.write").description("time to durably store one batch")
                .register(meters);
        Gauge.builder("ecmo.ingest.queue.depth", queue, BlockingQueue::size)
                .description("messages waiting to be stored").register(meters);
        Gauge.builder("ecmo.store.up", this, w -> w.storeUp ? 1 : 0).description("1 when the last write worked")
                .register(meters);
    }

    /** Queues a message; false when the queue is full (the collector tells the device to resend later). */
    boolean offer(Pending p) {
        return running && queue.offer(p);
    }

    boolean storeUp() {
        return storeUp;
    }

    String storeProblem() {
        return storeProblem;
    }

    int queueDepth() {
        return queue.size();
    }

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, "ingest-writer");
        thread.start();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int n = first.samples().size();
                Pending next;
                while (n < maxBatchSamples && (next = queue.poll()) != null) {
                    batch.add(next);
                    n += next.samples().size();
                }
                if (writeWithRetry(batch)) {
                    complete(batch);
                } else {
                    fail(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("ingest writer: unexpected error, batch not acknowledged", e);
                fail(batch);
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left);
    }

    /** Writes the whole batch; retries while running; false when stopping with the store still down. */
    private boolean writeWithRetry(List<Pending> batch) throws InterruptedException {
        List<DeadLetter> letters = new ArrayList<>();
        List<ContextUpdate> updates = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (Pending p : batch) {
            if (p.deadLetter() != null) {
                letters.add(p.deadLetter());
            }
            updates.addAll(p.contexts());
            samples.addAll(p.samples());
        }
        long backoff = 50;
        boolean lettersDone = false;
        boolean contextsDone = updates.isEmpty();
        while (true) {
            try {
                if (!lettersDone) {
                    deadLetters.append(letters);
                    lettersDone = true;
                }
                if (!contextsDone) {
                    contexts.save(updates);
                    contextsDone = true;
                }
                if (!samples.isEmpty()) {
                    long t0 = System.nanoTime();
                    store.write(samples);
                    writeTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    storedSamples.increment(samples.size());
                }
                if (!storeUp) {
                    LOG.info("store is back: writes resumed");
                }
                storeUp = true;
                storeProblem = "";
                return true;
            } catch (StoreException | IOException e) {
                writeFailures.increment();
                if (storeUp) {
                    LOG.error("store write failed, holding {} message(s) unacknowledged and retrying: {}",
                            batch.size(), e.getMessage());
                }
                storeUp = false;
                storeProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!running) {
                    return false;
                }
                Thread.sleep(backoff);
                backoff = Math.min(maxBackoffMillis, backoff * 2);
            }
        }
    }

    private void complete(List<Pending> batch) {
        for (Pending p : batch) {
            p.done().complete(null);
        }
    }

    private void fail(List<Pending> batch) {
        for (Pending p : batch) {
            p.done().completeExceptionally(new StoreException("not stored: " + storeProblem));
        }
    }

    /** Stops taking messages, stores what is queued (while the store works), and waits for the thread. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
