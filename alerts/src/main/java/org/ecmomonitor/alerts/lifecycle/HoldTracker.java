package org.ecmomonitor.alerts.lifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.ecmomonitor.alerts.esper.RuleSignal;
import org.ecmomonitor.alerts.esper.Stage;

/**
 * "C held for D, raised at t" (alert-rules.md v2): C was true at every evaluation instant in [t - D, t] at which C
 * is defined; an instant where C is undefined (null: a window without valid samples) neither breaks nor confirms
 * the hold. The hold restarts when C is false, or when the signal C reads had no valid sample for longer than
 * twice its stale limit (the signal's {@code broken} flag, set by the bed's state). The condition turns on at the
 * first such t at which C is defined and true. Clearing uses the same form. One small state per (bed, rule, key,
 * stage).
 */
public final class HoldTracker {
    public enum Transition { NONE, ON, OFF, STILL_ON }

    private static final long NONE = Long.MIN_VALUE;

    private static final class Hold {
        boolean on;
        long since = NONE;
        Boolean lastRaise;
    }

    /**
     * What a hold is kept by. A key of its own rather than the four strings joined: joining built and hashed a new
     * string for every condition at every evaluation instant (a tenth of the monitor's CPU at 5,000 beds), and the
     * joined strings' hashes collided enough to turn map buckets into trees. The fields' hashes are cached by
     * their strings and mixed here.
     */
    private record Key(String bed, String rule, String key, Stage stage) {
        @Override
        public int hashCode() {
            int h = Objects.hashCode(bed);
            h = h * 0x9E3779B1 + Objects.hashCode(rule);
            h = h * 0x9E3779B1 + Objects.hashCode(key);
            h = h * 0x9E3779B1 + Objects.hashCode(stage);
            return h ^ (h >>> 15);
        }
    }

    private final Map<Key, Hold> holds = new HashMap<>();

    public Transition apply(RuleSignal c) {
        Hold h = holds.computeIfAbsent(key(c.bed(), c.rule(), c.key(), c.stage()), k -> new Hold());
        h.lastRaise = c.raise();
        if (c.broken()) {
            h.since = NONE;
        }
        if (!h.on) {
            if (c.raise() == null) {
                return Transition.NONE;
            }
            if (!c.raise()) {
                h.since = NONE;
                return Transition.NONE;
            }
            if (h.since == NONE) {
                h.since = c.t();
            }
            if (c.t() - h.since >= c.raiseHoldMillis()) {
                h.on = true;
                h.since = NONE;
                return Transition.ON;
            }
            return Transition.NONE;
        }
        boolean stillOn = c.raising() && c.raiseHoldMillis() == 0;
        if (c.clear() == null) {
            return stillOn ? Transition.STILL_ON : Transition.NONE;
        }
        if (!c.clear()) {
            h.since = NONE;
            return stillOn ? Transition.STILL_ON : Transition.NONE;
        }
        if (h.since == NONE) {
            h.since = c.t();
        }
        if (c.t() - h.since >= c.clearHoldMillis()) {
            h.on = false;
            h.since = NONE;
            return Transition.OFF;
        }
        return Transition.NONE;
    }

    /**
     * Whether the condition's raise part was true the last time it was judged (null: undefined or never judged).
     * A child held back by a parent that closes is raised only if this is true (alert-rules.md Lifecycle, v2).
     */
    public boolean lastRaised(String bed, String rule, String key, Stage stage) {
        Hold h = holds.get(key(bed, rule, key, stage));
        return h != null && Boolean.TRUE.equals(h.lastRaise);
    }

    /** Sets a condition's state from outside: an alert restored at start, or cleared by an override. */
    public void force(String bed, String rule, String key, Stage stage, boolean on) {
        Hold h = holds.computeIfAbsent(key(bed, rule, key, stage), k -> new Hold());
        h.on = on;
        h.since = NONE;
    }

    private static Key key(String bed, String rule, String key, Stage stage) {
        return new Key(bed, rule, key, stage);
    }
}
