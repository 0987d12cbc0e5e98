package org.ecmomonitor.ingest;

import java.util.Objects;

/**
 * A downsampled trend request: valid samples of one signal of one bed in [from, to), in buckets of
 * {@code stepMillis} aligned to the epoch (as InfluxDB's GROUP BY time does).
 */
public record TrendQuery(String bed, Signal signal, long fromMillis, long toMillis, long stepMillis) {
    /** A browser never needs more points than a wide screen has pixels. */
    public static final long MAX_BUCKETS = 10_000;

    public TrendQuery {
        Ids.require(bed, "bed");
        Objects.requireNonNull(signal, "signal");
        if (stepMillis < 1000) {
            throw new IllegalArgumentException("step must be at least 1 s");
        }
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if ((toMillis - fromMillis) / stepMillis > MAX_BUCKETS) {
            throw new IllegalArgumentException("at most " + MAX_BUCKETS + " buckets; use a larger step");
        }
    }

    /** The start of the bucket holding {@code tsMillis} (floor, also before 1970). */
    public long bucketStart(long tsMillis) {
        return Math.floorDiv(tsMillis, stepMillis) * stepMillis;
    }
}
