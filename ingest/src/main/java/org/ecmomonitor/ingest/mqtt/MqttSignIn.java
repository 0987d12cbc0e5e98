package org.ecmomonitor.ingest.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ecmomonitor.ingest.FeedRegistry;

/**
 * Device password checks off the event loops (issue 14: PBKDF2 on an event loop made 30 guesses a second raise
 * other devices' PUBACK latency from 14 ms to 1.9 s): a small pool of its own threads with a bounded queue. A check
 * that finds the queue full is not run; the CONNECT is refused as busy and the device tries again.
 */
final class MqttSignIn implements AutoCloseable {
    /** Two threads: enough for a ward's reconnect storm (cached checks are cheap), at most two cores for guesses. */
    private static final int THREADS = 2;

    private final FeedRegistry feeds;
    private final ThreadPoolExecutor pool;

    MqttSignIn(FeedRegistry feeds, int queue) {
        this.feeds = feeds;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "mqtt-sign-in-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The check's result later, or null at once when too many checks are waiting. */
    CompletableFuture<Boolean> check(String device, char[] password) {
        try {
            return CompletableFuture.supplyAsync(() -> feeds.checkPassword(device, password), pool);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
