package org.ecmomonitor.ingest;

/**
 * Counts events over the last 60 s in one-second slots, so "per minute" rates move smoothly and cost O(1) per
 * event. Not thread-safe: the owner synchronises.
 */
final class RateWindow {
    private static final int SLOTS = 60;
    private final long[] counts = new long[SLOTS];
    private final long[] slotSecond = new long[SLOTS];

    void add(long nowMillis, long n) {
        long second = Math.floorDiv(nowMillis, 1000);
        int i = (int) Math.floorMod(second, SLOTS);
        if (slotSecond[i] != second) {
            slotSecond[i] = second;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    /** Events in the 60 s ending now. */
    long lastMinute(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (second - slotSecond[i] < SLOTS && slotSecond[i] <= second) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
