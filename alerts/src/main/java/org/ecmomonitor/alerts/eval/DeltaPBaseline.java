package org.ecmomonitor.alerts.eval;

import java.util.Arrays;

/**
 * The oxygenator's baseline pressure drop (OXYGENATOR_DP_HIGH, alert-rules.md v2): the median ΔP over the first
 * 6 h in which both pressures are measured, or over the 6 h after {@code oxygenator_changed_at} (a new membrane has
 * a new baseline). One ΔP every 10 s is enough for a median over 6 h: at most 2,160 values, dropped once fixed.
 */
final class DeltaPBaseline {
    private static final long PERIOD_MILLIS = 6 * 3_600_000L;
    private static final long STEP_MILLIS = 10_000;

    private double[] values = new double[64];
    private int n;
    private long firstT = Long.MIN_VALUE;
    private long lastT = Long.MIN_VALUE / 2;
    private long since = Long.MIN_VALUE;
    private Double baseline;

    /** Starts again from {@code changedAt} (a new oxygenator), unless already counted from then. */
    void restartAt(long changedAt) {
        if (changedAt == since) {
            return;
        }
        since = changedAt;
        values = new double[64];
        n = 0;
        firstT = Long.MIN_VALUE;
        lastT = Long.MIN_VALUE / 2;
        baseline = null;
    }

    void add(long t, double dp) {
        if (baseline != null || t < since || t - lastT < STEP_MILLIS) {
            return;
        }
        if (firstT == Long.MIN_VALUE) {
            firstT = t;
        }
        if (t - firstT > PERIOD_MILLIS) {
            fix();
            return;
        }
        lastT = t;
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
        }
        values[n++] = dp;
    }

    /** The baseline once 6 h of ΔP are in, else null. */
    Double value(long now) {
        if (baseline == null && n > 0 && now - firstT > PERIOD_MILLIS) {
            fix();
        }
        return baseline;
    }

    private void fix() {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        baseline = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        values = null;
    }
}
