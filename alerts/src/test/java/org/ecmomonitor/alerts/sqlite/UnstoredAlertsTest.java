package org.ecmomonitor.alerts.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "no fault loses an alert": alert writes that monitor.db cannot take (a full disk, simulated with
 * {@code PRAGMA max_page_count}, which makes SQLite answer SQLITE_FULL as a full disk does) are kept, shown and
 * stored once space returns, with the same ids and times.
 */
class UnstoredAlertsTest {
    private static final long T = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static Alert lactate(long at) {
        return new Alert(0, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM, AlertState.ACTIVE, at, null, null, null,
                null, 4.2, "lactate 4.2 mmol/L", 1, at - 60_000);
    }

    private static AlertEvent raised(long id, Alert a) {
        return new AlertEvent(id, a.raisedAtMillis(), a.bed(), a.rule(), a.key(), a.priority(),
                AlertEventType.RAISED, a.value(), a.message(), 1, a.observedAtMillis());
    }

    private static void fillUp(Connection c) throws Exception {
        long pages;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            pages = rs.getLong(1);
        }
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA max_page_count = " + pages);
        }
    }

    private static void free(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA max_page_count = 1073741823");
        }
    }

    /** Writes alerts, as many as it takes for their rows to need pages the full database does not have (~40). */
    private static long[] raiseMany(SqliteAlertRepository repo, int n) {
        long[] ids = new long[n];
        repo.inUnit(() -> {
            for (int i = 0; i < n; i++) {
                Alert a = lactate(T + i);
                ids[i] = repo.create(a);
                repo.append(raised(ids[i], a.withId(ids[i])));
            }
            return null;
        });
        return ids;
    }

    @Test
    void anAlertTheFullDatabaseCannotTakeIsShownAndStoredOnceSpaceReturnsWithTheSameIdsAndTimes() throws Exception {
        Path db = dir.resolve("monitor.db");
        long[] ids;
        try (SqliteAlertRepository repo = new SqliteAlertRepository(db);
             SqliteAlertRepository outside = new SqliteAlertRepository(db)) {
            fillUp(repo.writer());
            ids = raiseMany(repo, 200);

            assertThat(outside.open()).as("nothing reached the database").isEmpty();
            assertThat(repo.find(ids[0])).get().extracting(Alert::raisedAtMillis).isEqualTo(T);
            assertThat(repo.list(true, "B3", 500)).hasSize(200);
            assertThat(repo.open()).hasSize(200);
            assertThat(repo.history(ids[199])).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED);
            assertThat(repo.stored(ids[0])).isFalse();
            assertThat(repo.backlog().unstoredEvents()).isEqualTo(200);
            assertThat(repo.backlog().problem()).contains("full");

            repo.update(repo.find(ids[0]).orElseThrow().acknowledged(T + 5_000, "nurse.ann", ""));
            assertThat(repo.find(ids[0])).get().extracting(Alert::state).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(repo.list(true, "B3", 1)).as("newest first, the memory included")
                    .extracting(Alert::id).containsExactly(ids[199]);

            free(repo.writer());
            repo.inUnit(() -> null);

            assertThat(repo.backlog().unstoredEvents()).isZero();
            assertThat(repo.backlog().problem()).isNull();
            assertThat(repo.stored(ids[0])).isTrue();
            assertThat(outside.open()).hasSize(200);
            assertThat(outside.find(ids[0])).get().extracting(Alert::state).isEqualTo(AlertState.ACKNOWLEDGED);
        }
        try (SqliteAlertRepository restarted = new SqliteAlertRepository(db)) {
            Alert first = restarted.find(ids[0]).orElseThrow();
            assertThat(first.raisedAtMillis()).isEqualTo(T);
            assertThat(first.observedAtMillis()).isEqualTo(T - 60_000);
            assertThat(restarted.history(ids[199])).singleElement().satisfies(e -> {
                assertThat(e.atMillis()).isEqualTo(T + 199);
                assertThat(e.alertId()).isEqualTo(ids[199]);
            });
            long next = restarted.create(lactate(T + 1000));
            assertThat(next).as("ids go on after the last stored").isEqualTo(ids[199] + 1);
        }
    }

    @Test
    void pastTheBoundTheOldestEventsAreDroppedAndCountedButEveryAlertIsKept() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"), 150, meters)) {
            fillUp(repo.writer());
            long[] ids = raiseMany(repo, 200);

            assertThat(repo.backlog().unstoredEvents()).isEqualTo(150);
            assertThat(repo.backlog().droppedEvents()).isEqualTo(50);
            assertThat(meters.counter("ecmo.alerts.unstored.dropped").count()).isEqualTo(50);
            assertThat(meters.get("ecmo.alerts.unstored").gauge().value()).isEqualTo(150);
            assertThat(repo.history(ids[0])).as("its raise event was dropped").isEmpty();

            free(repo.writer());
            repo.inUnit(() -> null);
            assertThat(repo.open()).hasSize(200);
            assertThat(meters.get("ecmo.alerts.unstored").gauge().value()).isZero();
        }
    }

    @Test
    void theEngineStillPublishesAnAlertItCannotStoreAndHealthSaysDegradedUntilItIsStored() throws Exception {
        long now = Instant.now().toEpochMilli();
        List<AlertEvent> published = new CopyOnWriteArrayList<>();
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"));
             LiveAlerts live = new LiveAlerts(new AlertEngine(repo, Map.of(), now - 60_000), Clock.systemUTC(),
                     new SimpleMeterRegistry())) {
            live.addListener(published::add);
            live.start(Map.of());
            fillUp(repo.writer());
            for (int i = 0; i < 200; i++) {
                live.onSamples(List.of(Sample.of("B" + i, "lab", Signal.LACTATE, now - 30_000, 4.2)), now);
            }
            await().until(() -> published.size() == 200);
            assertThat(published).allMatch(e -> e.rule() == Rule.LACTATE_HIGH);
            await().until(() -> !live.health().up());
            assertThat(live.health().detail()).startsWith("degraded: 200 alert event(s)").contains("full");

            free(repo.writer());

            await().until(() -> live.health().up());
            assertThat(repo.backlog().unstoredEvents()).isZero();
            try (SqliteAlertRepository outside = new SqliteAlertRepository(dir.resolve("monitor.db"))) {
                assertThat(outside.open()).extracting(Alert::id)
                        .containsExactlyInAnyOrderElementsOf(published.stream().map(AlertEvent::alertId).toList());
            }
        }
    }
}
