package org.ecmomonitor.ingest;

import java.util.List;

/**
 * The time-series store port (contract §6: measurement {@code vitals}, tags bed/device/signal, fields value and
 * artifact, millisecond timestamps). Adapters: {@code ingest.sqlite} (embedded default) and {@code ingest.influx}.
 */
public interface SampleStore extends HealthCheck, AutoCloseable {

    /** Writes the samples; when this returns they are durable. Writing the same sample twice keeps one. */
    void write(List<Sample> samples) throws StoreException;

    /**
     * Stores alert events for dashboards that read the time-series store directly (Grafana). The alert history of
     * record is in SQLite ({@code alerts} module); here a write may be batched.
     */
    void writeAlertPoints(List<AlertPoint> points) throws StoreException;

    /** Downsampled valid samples, one point per non-empty bucket, oldest first. */
    List<TrendPoint> trend(TrendQuery query) throws StoreException;

    /**
     * The newest sample per bed and signal observed at or after {@code sinceMillis} (valid or artifact), for the
     * board after a restart. Only bed, device, signal, time, value and the artifact flag are filled in.
     */
    List<Sample> latest(long sinceMillis) throws StoreException;

    /** Periodic upkeep (retention, reconnection probes); production schedules it, tests call it. */
    default void tick() {
    }

    @Override
    void close();
}
