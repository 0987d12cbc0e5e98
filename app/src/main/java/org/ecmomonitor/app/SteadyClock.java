package org.ecmomonitor.app;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's clock in {@code run}: the server's wall clock, but never going back. Receipt times and the engine
 * clock come from it (alert-rules.md Time 1), and the engine clock must not go back: a wall clock stepped back by
 * Δ (an NTP step, a VM restored from a snapshot) would freeze the engine for Δ, every hold and silence with it. A
 * step back is slewed away instead: this clock runs at 90 % of the monotonic rate until it meets the wall clock
 * again (a 30 s step is absorbed in 5 min). A step forward is followed at once: the devices are NTP-synchronised
 * too, and lagging them would refuse their samples as from the future; a jump over 5 s is told to the alert engine,
 * which treats it as time in which nothing could be heard ({@code LiveAlerts.clockJumped}).
 */
final class SteadyClock extends UtcClock {
    private static final Logger LOG = LoggerFactory.getLogger(SteadyClock.class);
    /** Differences from the wall clock up to this are ordinary drift, not a step worth a log line. */
    private static final long STEP_MILLIS = 1_000;

    /** A step forward over this is a jump the alert engine is told about (LiveAlerts#clockJumped). */
    private static final long JUMP_MILLIS = 5_000;

    private final Clock wall;
    private final LongSupplier nanos;
    private volatile LongConsumer jumped = t -> { };
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

    /** Who hears of a forward jump (the alert engine, so that the jump is not a silence of every feed). */
    void onForwardJump(LongConsumer listener) {
        this.jumped = listener;
    }

    @Override
    public long millis() {
        long jumpTo;
        long now;
        synchronized (this) {
            now = advance();
            jumpTo = pendingJump;
            pendingJump = Long.MIN_VALUE;
        }
        if (jumpTo != Long.MIN_VALUE) {
            LOG.warn("the server's clock jumped forward to {}; feeds' stale limits run afresh from then",
                    Instant.ofEpochMilli(jumpTo));
            jumped.accept(jumpTo);
        }
        return now;
    }

    private long pendingJump = Long.MIN_VALUE;

    private long advance() {
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
            if (target - steady > JUMP_MILLIS) {
                pendingJump = target;
            }
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
