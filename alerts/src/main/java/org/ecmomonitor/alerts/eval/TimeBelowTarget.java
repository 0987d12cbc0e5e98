package org.ecmomonitor.alerts.eval;

import java.util.ArrayDeque;

/**
 * How long median10s(map) was below the bed's target within the last 2 h (HYPOPERFUSION's "for >= 15 min in total
 * within the last 2 h"): each evaluation instant below target adds the time since the previous instant, unless
 * the two are further apart than the MAP stale limit.
 */
final class TimeBelowTarget {
    private static final long WINDOW_MILLIS = 2 * 3_600_000L;
    private static final long STALE_MILLIS = 30_000;

    private final ArrayDeque<long[]> spans = new ArrayDeque<>();
    private long total;
    private long previousT = Long.MIN_VALUE;

    void evaluated(long t, boolean below) {
        if (below && previousT != Long.MIN_VALUE && t - previousT <= STALE_MILLIS && t > previousT) {
            spans.addLast(new long[] {t, t - previousT});
            total += t - previousT;
        }
        previousT = Math.max(previousT, t);
    }

    double minutes(long now) {
        while (!spans.isEmpty() && spans.peekFirst()[0] <= now - WINDOW_MILLIS) {
            total -= spans.pollFirst()[1];
        }
        return total / 60_000.0;
    }
}
