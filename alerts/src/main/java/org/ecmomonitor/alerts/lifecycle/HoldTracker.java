package org.ecmomonitor.alerts.lifecycle;

import java.util.HashMap;
import java.util.Map;

/**
 * "C held for D, raised at t" (alert-rules.md): C was true at every evaluation instant in [t - D, t] and no
 * valid-sample gap in that span was longer than the stale limit; the condition turns on at the first such t.
 * Clearing uses the same form. One small state per (bed, rule, key, stage).
 */
public final class HoldTracker {
    public enum Transition { NONE, ON, OFF, STILL_ON }

    private static final long NONE = Long.MIN_VALUE;

    private static final class Hold {
        boolean on;
        long since = NONE;
    }

    private final Map<String, Hold> holds = new HashMap<>();

    public Transition apply(Condition c) {
        Hold h = holds.computeIfAbsent(key(c.bed(), c.rule(), c.key(), c.stage()), k -> new Hold());
        if (c.broken()) {
            h.since = NONE;
        }
        if (!h.on) {
            if (!c.raising()) {
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
        if (!c.clearing()) {
            h.since = NONE;
            return c.raising() && c.raiseHoldMillis() == 0 ? Transition.STILL_ON : Transition.NONE;
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

    /** Sets a condition's state from outside: an alert restored at start, or cleared by an override. */
    public void force(String bed, String rule, String key, String stage, boolean on) {
        Hold h = holds.computeIfAbsent(key(bed, rule, key, stage), k -> new Hold());
        h.on = on;
        h.since = NONE;
    }

    private static String key(String bed, String rule, String key, String stage) {
        return bed + '\u0000' + rule + '\u0000' + key + '\u0000' + stage;
    }
}
