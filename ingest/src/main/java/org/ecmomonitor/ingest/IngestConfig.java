package org.ecmomonitor.ingest;

import java.time.Duration;

/**
 * Ingest settings (parsed and validated by the app's config parser).
 *
 * @param queueCapacity messages that may wait for the store before new ones are refused
 * @param maxBatchSamples samples written in one store transaction at most
 * @param maxRetryBackoffMillis the longest pause between retries while the store is down
 * @param maxBeds beds ingest takes data for; data for a new bed past it is refused ({@code limit_exceeded}) so
 *     that invented beds cannot each become a bed with a FEED_STALE alarm (issue 14)
 * @param maxDevices unconfigured devices ingest tracks; data from a new one past it is refused
 * @param retention how far back a {@code ts} may be ({@code retention_days}); older is refused as {@code old_ts}
 */
public record IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis, int maxBeds,
                           int maxDevices, Duration retention) {
    private static final int DEFAULT_MAX_BEDS = 1_000;
    private static final int DEFAULT_MAX_DEVICES = 2_000;
    public static final IngestConfig DEFAULTS = new IngestConfig(100_000, 10_000, 2_000);

    public IngestConfig {
        if (queueCapacity < 1 || maxBatchSamples < 1 || maxRetryBackoffMillis < 1 || maxBeds < 1 || maxDevices < 1
                || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("ingest settings must be positive");
        }
    }

    /** With the default bounds on beds and devices and the default retention. */
    public IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis) {
        this(queueCapacity, maxBatchSamples, maxRetryBackoffMillis, DEFAULT_MAX_BEDS, DEFAULT_MAX_DEVICES,
                PayloadParser.DEFAULT_MAX_AGE);
    }

    /** With the default retention ({@link PayloadParser#DEFAULT_MAX_AGE}). */
    public IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis, int maxBeds,
                        int maxDevices) {
        this(queueCapacity, maxBatchSamples, maxRetryBackoffMillis, maxBeds, maxDevices,
                PayloadParser.DEFAULT_MAX_AGE);
    }

    /** With the default bounds on beds and devices. */
    public IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis, Duration retention) {
        this(queueCapacity, maxBatchSamples, maxRetryBackoffMillis, DEFAULT_MAX_BEDS, DEFAULT_MAX_DEVICES, retention);
    }
}
