package org.ecmomonitor.ingest;

/**
 * Ingest settings (parsed and validated by the app's config parser).
 *
 * @param queueCapacity messages that may wait for the store before new ones are refused
 * @param maxBatchSamples samples written in one store transaction at most
 * @param maxRetryBackoffMillis the longest pause between retries while the store is down
 */
public record IngestConfig(int queueCapacity, int maxBatchSamples, long maxRetryBackoffMillis) {
    public static final IngestConfig DEFAULTS = new IngestConfig(100_000, 10_000, 2_000);

    public IngestConfig {
        if (queueCapacity < 1 || maxBatchSamples < 1 || maxRetryBackoffMillis < 1) {
            throw new IllegalArgumentException("ingest settings must be positive");
        }
    }
}
