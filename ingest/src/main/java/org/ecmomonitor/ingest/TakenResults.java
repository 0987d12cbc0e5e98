package org.ecmomonitor.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of one lab or charted series (bed, device, signal) taken in the last 24 h, by observation time, with
 * the value and status each was taken with. Few a day, so a map of boxed times is fine here; past
 * {@code capacity} (a device charting faster than any ward does) the oldest is forgotten. Not thread-safe:
 * {@link DuplicateFilter} holds the bed's lock.
 */
final class TakenResults {
    record Taken(double value, LabStatus status, long takenMillis) {
    }

    private final int capacity;
    /** In the order taken (a replaced result moves to the end), so the eldest goes first. */
    private final Map<Long, Taken> byTs = new LinkedHashMap<>();
    private long lastTakenMillis;

    TakenResults(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** The result with this observation time taken at or after {@code notBeforeMillis}, or null. */
    Taken get(long ts, long notBeforeMillis) {
        Taken t = byTs.get(ts);
        return t == null || t.takenMillis() < notBeforeMillis ? null : t;
    }

    void put(Sample s, long receivedMillis) {
        byTs.remove(s.tsMillis());
        byTs.put(s.tsMillis(), new Taken(s.value(), s.status(), receivedMillis));
        if (byTs.size() > capacity) {
            var eldest = byTs.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        lastTakenMillis = receivedMillis;
    }

    /** Forgets results taken before {@code cutoffMillis}; true when none is left. */
    boolean forgetTakenBefore(long cutoffMillis) {
        byTs.values().removeIf(t -> t.takenMillis() < cutoffMillis);
        return byTs.isEmpty();
    }

    long lastTakenMillis() {
        return lastTakenMillis;
    }

    int size() {
        return byTs.size();
    }
}
