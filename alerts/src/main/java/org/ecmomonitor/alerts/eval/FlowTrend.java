package org.ecmomonitor.alerts.eval;

/**
 * A bed's median5min(ecmo_flow) and median5min(ecmo_speed) over the last 31 min, one point every 10 s, so that
 * ECMO_FLOW_DECLINE can compare them with their values 30 min earlier (alert-rules.md v2). A ring of primitives:
 * 187 points, about 4 KB a bed.
 */
final class FlowTrend {
    private static final long STEP = 10_000;
    private static final long LOOK_BACK = 30 * 60_000L;
    private static final int POINTS = (int) ((LOOK_BACK + 60_000) / STEP) + 1;

    private final long[] ts = new long[POINTS];
    private final double[] flow = new double[POINTS];
    private final double[] speed = new double[POINTS];
    private int next;
    private int size;
    private long lastT = Long.MIN_VALUE / 2;
    /** The values 30 min before the newest point, found when it is recorded (they move once per 10 s). */
    private Double flowAgo;
    private Double speedAgo;

    /** Records the medians at {@code t}, at most one point per 10 s. */
    void record(long t, Double flowMedian5min, Double speedMedian5min) {
        if (flowMedian5min == null || speedMedian5min == null || t - lastT < STEP) {
            return;
        }
        lastT = t;
        ts[next] = t;
        flow[next] = flowMedian5min;
        speed[next] = speedMedian5min;
        next = (next + 1) % POINTS;
        size = Math.min(size + 1, POINTS);
        int i = indexAgo(t);
        flowAgo = i < 0 ? null : flow[i];
        speedAgo = i < 0 ? null : speed[i];
    }

    /** median5min(ecmo_flow) about 30 min before the newest point (within 30 s), or null without that history. */
    Double flowAgo() {
        return flowAgo;
    }

    Double speedAgo() {
        return speedAgo;
    }

    private int indexAgo(long t) {
        long target = t - LOOK_BACK;
        int best = -1;
        for (int k = 0; k < size; k++) {
            int i = Math.floorMod(next - 1 - k, POINTS);
            if (ts[i] <= target) {
                if (target - ts[i] <= 3 * STEP) {
                    best = i;
                }
                break;
            }
        }
        return best;
    }
}
