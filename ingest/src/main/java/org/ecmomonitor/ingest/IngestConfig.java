package org.ecmomonitor.ingest;

/**
 * Ingest settings (parsed and validated by the app's config parser).
 *
 * @param queueCapacity messages that may wait for the store before new ones are refused
 * @param maxBatchSamples samples written in one store transaction at most
 * @param maxRetryBackoffMillis the longest pause between retries while the store is down
 * @param retention how far back a {@code ts} may be ({@code retention_days}); older is refused as {@code old_ts}
 */
public record IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis,
                           java.time.Duration retention) {
    public static final IngestConfig DEFAULTS = new IngestConfig(100_000, 10_000, 2_000);

    public IngestConfig {
        if (queueCapacity < 1 || maxBatchSamples < 1 || maxRetryBackoffMillis < 1 || retention.isNegative()
                || retention.isZero()) {
            throw new IllegalArgumentException("ingest settings must be positive");
        }
    }

    /** With the default retention ({@link PayloadParser#DEFAULT_MAX_AGE}). */
    public IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis) {
        this(queueCapacity, maxBatchSamples, maxRetryBackoffMillis, PayloadParser.DEFAULT_MAX_AGE);
    }
}
