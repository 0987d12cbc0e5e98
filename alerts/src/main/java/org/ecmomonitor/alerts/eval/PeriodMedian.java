package org.ecmomonitor.alerts.eval;

import java.util.Arrays;

/**
 * A baseline that is the median of a first period's readings, fixed once the period has passed: a leg's NIRS
 * baseline (the first 30 min of valid readings, signals.md) and the oxygenator's ΔP baseline (the first 6 h, or
 * the 6 h after {@code oxygenator_changed_at}, alert-rules.md v2). Readings closer than {@code stepMillis} to the
 * last one kept are skipped (a median over 6 h needs no more than one every 10 s); the readings are dropped once
 * the baseline is fixed.
 */
final class PeriodMedian {
    private final long periodMillis;
    private final long stepMillis;
    private double[] values = new double[64];
    private int n;
    private long firstT = Long.MIN_VALUE;
    private long lastT = Long.MIN_VALUE / 2;
    private long since = Long.MIN_VALUE;
    private Double baseline;

    PeriodMedian(long periodMillis, long stepMillis) {
        this.periodMillis = periodMillis;
        this.stepMillis = stepMillis;
    }

    /** Starts again with the readings from {@code t} on (a new oxygenator), unless already counted from then. */
    void restartAt(long t) {
        if (t == since) {
            return;
        }
        since = t;
        values = new double[64];
        n = 0;
        firstT = Long.MIN_VALUE;
        lastT = Long.MIN_VALUE / 2;
        baseline = null;
    }

    void add(long t, double v) {
        if (baseline != null || t < since || t - lastT < stepMillis) {
            return;
        }
        if (firstT == Long.MIN_VALUE) {
            firstT = t;
        }
        if (t - firstT > periodMillis) {
            fix();
            return;
        }
        lastT = t;
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
        }
        values[n++] = v;
    }

    /** The baseline once the period's readings are in, else null. */
    Double value(long now) {
        if (baseline == null && n > 0 && now - firstT > periodMillis) {
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
