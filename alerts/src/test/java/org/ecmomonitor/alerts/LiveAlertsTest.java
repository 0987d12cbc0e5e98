package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.alerts.sqlite.SqliteAlertRepository;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            live.onSamples(List.of(Sample.of("B1", "lab", Signal.LACTATE, now - 30_000, 11.0)), now);
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

    /**
     * The board must never show an alert that a crash could lose: a listener hears an event only once the alert is
     * committed, as another connection to the database (a restarted monitor) sees it at that moment. A hundred beds'
     * results queued together are evaluated as one unit and every alert is there.
     */
    @Test
    void eventsArePublishedOnlyOnceTheirAlertIsCommitted(@TempDir Path dir) throws Exception {
        long now = Instant.now().toEpochMilli();
        Path db = dir.resolve("monitor.db");
        List<String> seenFromOutside = new CopyOnWriteArrayList<>();
        try (SqliteAlertRepository repository = new SqliteAlertRepository(db);
             SqliteAlertRepository outside = new SqliteAlertRepository(db);
             LiveAlerts live = new LiveAlerts(new AlertEngine(repository, Map.of(), now - 60_000),
                     Clock.systemUTC(), new SimpleMeterRegistry())) {
            live.addListener(e -> seenFromOutside.add(outside.find(e.alertId())
                    .map(a -> a.bed() + " " + a.rule()).orElse("not committed: " + e.alertId())));
            live.start(Map.of());
            for (int i = 0; i < 100; i++) {
                live.onSamples(List.of(Sample.of("B" + i, "lab", Signal.LACTATE, now - 30_000, 11.0)), now);
            }
            await().until(() -> seenFromOutside.size() == 100);
            assertThat(seenFromOutside).allMatch(s -> s.endsWith(" LACTATE_HIGH"));
            assertThat(outside.open()).hasSize(100);
        }
    }

    @Test
    void aUnitCommitsWhatItWroteEvenWhenItFailsPartWay(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("monitor.db");
        Alert map = new Alert(0, "B1", Rule.MAP_LOW, "", Priority.MEDIUM, AlertState.ACTIVE, 1, null, null, null,
                null, 60, "MAP 60", 1);
        try (SqliteAlertRepository repository = new SqliteAlertRepository(db);
             SqliteAlertRepository outside = new SqliteAlertRepository(db)) {
            assertThatThrownBy(() -> repository.inUnit(() -> {
                repository.create(map);
                repository.inUnit(() -> repository.create(map));
                assertThat(outside.open()).as("not committed before the unit ends").isEmpty();
                throw new IllegalStateException("rule failed");
            })).hasMessage("rule failed");
            assertThat(outside.open()).hasSize(2);
            repository.create(map);
            assertThat(outside.open()).as("back to a commit per write").hasSize(3);
        }
    }
}
