package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** The engine on its own thread, as ingest feeds it live. */
class LiveAlertsTest {
    @Test
    void storedSamplesRaiseAlertsThatCanBeAcknowledged() throws Exception {
        long now = Instant.now().toEpochMilli();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<AlertEvent> events = new CopyOnWriteArrayList<>();
        try (LiveAlerts live = new LiveAlerts(new AlertEngine(new InMemoryAlertRepository(), Map.of(), now - 60_000),
                Clock.systemUTC(), meters)) {
            live.addListener(events::add);
            live.start(Map.of("B1", new PatientContext(80.0, null, null, null, null, null, null, null)));
            live.onSamples(List.of(Sample.of("B1", "lab", Signal.LACTATE, now - 30_000, 11.0)));
            await().until(() -> !events.isEmpty());
            AlertEvent raised = events.get(0);
            assertThat(raised.rule()).isEqualTo(Rule.LACTATE_HIGH);
            assertThat(raised.priority()).isEqualTo(Priority.HIGH);
            assertThat(live.acknowledge(raised.alertId(), "nurse.cara", "doctor informed").get()).isTrue();
            assertThat(live.acknowledge(raised.alertId(), "nurse.cara", "again").get()).isFalse();
            assertThat(live.repository().list(true, "B1", 10)).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED));
            assertThat(live.health().up()).isTrue();
            assertThat(meters.get("ecmo.alerts.events").tag("rule", "LACTATE_HIGH").tag("event", "raised").counter()
                    .count()).isEqualTo(1);
        }
    }
}
