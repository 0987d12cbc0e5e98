package org.ecmomonitor.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every alert event to the time-series store ({@code alerts} measurement, contract §6) so that trends in
 * other tools (Grafana) can mark them. The alert history of record is SQLite; a failed write is counted and
 * logged, never retried on the engine thread.
 */
public final class TimeSeriesAlertWriter implements AlertListener {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesAlertWriter.class);

    private final SampleStore store;
    private final Counter failures;

    public TimeSeriesAlertWriter(SampleStore store, MeterRegistry meters) {
        this.store = store;
        this.failures = Counter.builder("ecmo.alerts.store.failures")
                .description("alert events not written to the time-series store").register(meters);
    }

    @Override
    public void onAlertEvent(AlertEvent e) {
        try {
            store.writeAlertPoint(new AlertPoint(e.atMillis(), e.bed(), e.rule().name(), e.priority().wireName(),
                    e.event().wireName(), e.message(), e.value()));
        } catch (StoreException | RuntimeException ex) {
            failures.increment();
            LOG.warn("alert event {} {} {} not written to the time-series store: {}", e.bed(), e.rule(), e.event(),
                    ex.getMessage());
        }
    }
}
