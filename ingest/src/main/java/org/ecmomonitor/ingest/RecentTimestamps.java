package org.ecmomonitor.ingest;

/**
 * The last {@code capacity} observation times taken for one continuous series (bed, device, signal): a ring of
 * {@code int} offsets from a base time, so that a timestamp costs 4 bytes and no object. The array starts small and
 * doubles up to the capacity, so a series that sends little costs little. Not thread-safe: {@link DuplicateFilter}
 * holds the bed's lock.
 */
final class RecentTimestamps {
    private static final int INITIAL = 8;

    private final int capacity;
    private int[] offsets;
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
    }

    boolean contains(long ts) {
        if (ts > newest) {
            return false;
        }
        long d = ts - base;
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return false;
        }
        int offset = (int) d;
        for (int i = 0; i < size; i++) {
            if (offsets[i] == offset) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a time taken at {@code receivedMillis}, forgetting the oldest one when the ring is full. */
    void add(long ts, long receivedMillis) {
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
            next = size;
        }
        offsets[next] = (int) (ts - base);
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
        int k = 0;
        int oldest = size < offsets.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            long t = base + offsets[(oldest + i) % offsets.length];
            long d = t - ts;
            if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                kept[k++] = (int) d;
            }
        }
        offsets = kept;
        base = ts;
        size = k;
        next = k % offsets.length;
    }
}
