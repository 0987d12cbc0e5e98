package org.ecmomonitor.app;

import java.time.Clock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's clock in {@code run}: the server's wall clock, but never going back. Receipt times and the engine
 * clock come from it (alert-rules.md Time 1), and the engine clock must not go back: a wall clock stepped back by
 * Δ (an NTP step, a VM restored from a snapshot) would freeze the engine for Δ, every hold and silence with it. A
 * step back is slewed away instead: this clock runs at 90 % of the monotonic rate until it meets the wall clock
 * again (a 30 s step is absorbed in 5 min). A step forward is followed at once: the devices are NTP-synchronised
 * too, and lagging them would refuse their samples as from the future; the alert engine treats the jump as time
 * in which nothing could be heard (LiveAlerts).
 */
final class SteadyClock extends UtcClock {
    private static final Logger LOG = LoggerFactory.getLogger(SteadyClock.class);
    /** Differences from the wall clock up to this are ordinary drift, not a step worth a log line. */
    private static final long STEP_MILLIS = 1_000;

    private final Clock wall;
    private final LongSupplier nanos;
    private long lastNanos;
    private long lastMillis;

    SteadyClock() {
        this(Clock.systemUTC(), System::nanoTime);
    }

    SteadyClock(Clock wall, LongSupplier nanos) {
        this.wall = wall;
        this.nanos = nanos;
        this.lastNanos = nanos.getAsLong();
        this.lastMillis = wall.millis();
    }

    @Override
    public synchronized long millis() {
        long n = nanos.getAsLong();
        long elapsed = (n - lastNanos) / 1_000_000;
        if (elapsed <= 0) {
            return lastMillis;
        }
        lastNanos += elapsed * 1_000_000;
        long steady = lastMillis + elapsed;
        long target = wall.millis();
        long next;
        if (target >= steady) {
            next = target;
        } else {
            next = Math.max(target, steady - elapsed / 10);
            if (steady - target > STEP_MILLIS && lastMillis <= target + STEP_MILLIS + elapsed) {
                LOG.warn("the server's clock stepped back by {} ms; the monitor's clock slows down to meet it rather"
                        + " than going back", steady - target);
            }
        }
        lastMillis = Math.max(next, lastMillis);
        return lastMillis;
    }
}
