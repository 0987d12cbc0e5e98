package org.ecmomonitor.ingest;

/**
 * The last {@code capacity} observation times taken for one continuous series (bed, device, signal), each with a
 * fingerprint of what was measured then: a ring of {@code int} offsets from a base time and a ring of {@code int}
 * fingerprints, so that a sample costs 8 bytes and no object. A redelivery carries the same value; a device whose
 * clock stepped back sends the same times again with what it measures now, which is not a duplicate. The array starts small and
 * doubles up to the capacity, so a series that sends little costs little. Not thread-safe: {@link DuplicateFilter}
 * holds the bed's lock.
 */
final class RecentTimestamps {
    private static final int INITIAL = 8;

    private final int capacity;
    private int[] offsets;
    private int[] fingerprints;
    /** Offsets are from this time; moved (and the ring re-encoded) when a time is over 24.8 days from it. */
    private long base;
    private int next;
    private int size;
    /** No time in the ring is later: a live series, whose times only grow, is answered without a scan. */
    private long newest = Long.MIN_VALUE;
    private long lastTakenMillis;

    RecentTimestamps(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.offsets = new int[Math.min(INITIAL, capacity)];
        this.fingerprints = new int[offsets.length];
    }

    /** What a sample measured, in 32 bits: its value and quality (equal for a redelivery of the same sample). */
    static int fingerprint(Sample s) {
        long bits = Double.doubleToLongBits(s.value());
        return ((int) (bits ^ (bits >>> 32))) * 31 + s.quality().ordinal();
    }

    /** Whether the time was taken with this fingerprint. */
    boolean contains(long ts, int fingerprint) {
        if (ts > newest) {
            return false;
        }
        long d = ts - base;
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return false;
        }
        int offset = (int) d;
        for (int i = 0; i < size; i++) {
            if (offsets[i] == offset && fingerprints[i] == fingerprint) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a time taken at {@code receivedMillis}, forgetting the oldest one when the ring is full. */
    void add(long ts, int fingerprint, long receivedMillis) {
        lastTakenMillis = receivedMillis;
        if (size == 0) {
            base = ts;
        } else if (ts - base < Integer.MIN_VALUE || ts - base > Integer.MAX_VALUE) {
            rebase(ts);
        }
        if (size == offsets.length && offsets.length < capacity) {
            int[] grown = new int[Math.min(capacity, offsets.length * 2)];
            System.arraycopy(offsets, 0, grown, 0, size);
            offsets = grown;
            int[] grownPrints = new int[grown.length];
            System.arraycopy(fingerprints, 0, grownPrints, 0, size);
            fingerprints = grownPrints;
            next = size;
        }
        offsets[next] = (int) (ts - base);
        fingerprints[next] = fingerprint;
        next = (next + 1) % offsets.length;
        size = Math.min(size + 1, offsets.length);
        newest = Math.max(newest, ts);
    }

    /** Receipt time of the last time taken. */
    long lastTakenMillis() {
        return lastTakenMillis;
    }

    /** Times remembered (at most the capacity). */
    int size() {
        return size;
    }

    /** Moves the base to {@code ts}, keeping, oldest first, the times that can still be written from it. */
    private void rebase(long ts) {
        int[] kept = new int[offsets.length];
        int[] keptPrints = new int[offsets.length];
        int k = 0;
        int oldest = size < offsets.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            int at = (oldest + i) % offsets.length;
            long t = base + offsets[at];
            long d = t - ts;
            if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                keptPrints[k] = fingerprints[at];
                kept[k++] = (int) d;
            }
        }
        offsets = kept;
        fingerprints = keptPrints;
        base = ts;
        size = k;
        next = k % offsets.length;
    }
}
