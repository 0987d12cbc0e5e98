package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.FlakyStore;
import org.junit.jupiter.api.Test;

class TimeSeriesAlertWriterTest {
    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static AlertEvent event(int i) {
        return new AlertEvent(i, 1_000L * i, "B1", Rule.MAP_LOW, "", Priority.MEDIUM, AlertEventType.RAISED, 61,
                "MAP 61 mmHg below target 65 for 5 min", 1);
    }

    @Test
    void theEngineThreadOnlyQueuesAndTheWriterStoresInOrder() throws Exception {
        TimeSeriesAlertWriter w = new TimeSeriesAlertWriter(store, 100, meters);
        w.start();
        for (int i = 0; i < 50; i++) {
            w.onAlertEvent(event(i));
        }
        await().until(() -> store.alertPoints().size() == 50);
        assertThat(store.alertPoints()).extracting(AlertPoint::tsMillis).isSorted();
        assertThat(store.alertPoints().get(0)).isEqualTo(new AlertPoint(0, "B1", "MAP_LOW", "medium", "raised",
                "MAP 61 mmHg below target 65 for 5 min", 61));
        w.close();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingTheEngine() throws Exception {
        TimeSeriesAlertWriter w = new TimeSeriesAlertWriter(store, 10, meters);
        for (int i = 0; i < 15; i++) {
            w.onAlertEvent(event(i));
        }
        assertThat(w.queued()).isEqualTo(10);
        assertThat(meters.counter("ecmo.alerts.store.dropped").count()).isEqualTo(5);
        w.start();
        w.close();
        assertThat(store.alertPoints()).hasSize(10);
    }

    @Test
    void aFailedWriteIsCountedAndTheWriterGoesOn() throws Exception {
        TimeSeriesAlertWriter w = new TimeSeriesAlertWriter(store, 100, meters);
        store.setDown(true);
        w.start();
        w.onAlertEvent(event(1));
        await().until(() -> meters.counter("ecmo.alerts.store.failures").count() == 1);
        store.setDown(false);
        w.onAlertEvent(event(2));
        await().until(() -> store.alertPoints().size() == 1);
        w.close();
    }
}
