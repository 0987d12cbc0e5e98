package org.ecmomonitor.alerts.esper;

/**
 * Comparisons of alert-rules.md v2, callable from EPL: both sides rounded to 6 decimal places first, so a boundary
 * written in the spec is met exactly (a 10 s mean of 3.6000000000000005 L/min is "≤ 0.80 × 4.5"). A null side (an
 * undefined statistic) gives null: the rule's condition is undefined at that instant, which neither breaks nor
 * confirms its hold.
 */
public final class Num {
    private static final double SCALE = 1_000_000;

    private Num() {
    }

    public static Double r6(Double v) {
        return v == null ? null : Math.round(v * SCALE) / SCALE;
    }

    public static Boolean lt(Double a, Double b) {
        return a == null || b == null ? null : r6(a) < r6(b);
    }

    public static Boolean le(Double a, Double b) {
        return a == null || b == null ? null : r6(a) <= r6(b);
    }

    public static Boolean gt(Double a, Double b) {
        return a == null || b == null ? null : r6(a) > r6(b);
    }

    public static Boolean ge(Double a, Double b) {
        return a == null || b == null ? null : r6(a) >= r6(b);
    }
}
