package org.ecmomonitor.alerts.eval;

import java.util.Arrays;

/**
 * One leg's NIRS baseline when the context gives none: the median of the valid readings of the first 30 min
 * (signals.md), fixed once those 30 min have passed.
 */
final class NirsBaseline {
    private static final long PERIOD_MILLIS = 30 * 60_000L;

    private double[] readings = new double[64];
    private int n;
    private long firstT = Long.MIN_VALUE;
    private Double baseline;

    void add(long t, double v) {
        if (baseline != null) {
            return;
        }
        if (firstT == Long.MIN_VALUE) {
            firstT = t;
        }
        if (t - firstT > PERIOD_MILLIS) {
            fix();
            return;
        }
        if (n == readings.length) {
            readings = Arrays.copyOf(readings, n * 2);
        }
        readings[n++] = v;
    }

    /** The baseline once 30 min of readings are in, else null. */
    Double value(long now) {
        if (baseline == null && n > 0 && now - firstT > PERIOD_MILLIS) {
            fix();
        }
        return baseline;
    }

    private void fix() {
        double[] sorted = Arrays.copyOf(readings, n);
        Arrays.sort(sorted);
        baseline = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        readings = null;
    }
}
