package org.ecmomonitor.alerts.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.ecmomonitor.alerts.Alert;
import org.ecmomonitor.alerts.AlertEvent;
import org.ecmomonitor.alerts.AlertEventType;
import org.ecmomonitor.alerts.AlertRepository;
import org.ecmomonitor.alerts.AlertState;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.Priority;
import org.ecmomonitor.alerts.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts and their history keep the observation time of the result that decided them, across a restart. */
class SqliteAlertRepositoryTest {
    private static final long DRAWN = Instant.parse("2026-11-21T07:20:00Z").toEpochMilli();
    private static final long REPORTED = Instant.parse("2026-11-21T08:05:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static Alert lactate(Long observedAt) {
        return new Alert(0, "B3", Rule.LACTATE_HIGH, "", Priority.MEDIUM, AlertState.ACTIVE, REPORTED, null, null,
                null, null, 4.2, "lactate 4.2 mmol/L", 1, observedAt);
    }

    private static AlertEvent raised(long alertId, Alert a) {
        return new AlertEvent(alertId, a.raisedAtMillis(), a.bed(), a.rule(), a.key(), a.priority(),
                AlertEventType.RAISED, a.value(), a.message(), a.level(), a.observedAtMillis());
    }

    /** Writes a lab alert (with observedAt) and a MAP alert (without), each with its raise event. */
    private static long[] store(AlertRepository repo) {
        long lab = repo.create(lactate(DRAWN));
        repo.append(raised(lab, lactate(DRAWN)));
        Alert map = new Alert(0, "B3", Rule.MAP_LOW, "", Priority.MEDIUM, AlertState.ACTIVE, REPORTED + 1000, null,
                null, null, null, 61, "MAP 61 mmHg below target 65 for 5 min", 1);
        long own = repo.create(map);
        repo.append(raised(own, map));
        return new long[] {lab, own};
    }

    @Test
    void aRestartReturnsTheObservationTimeOfAlertsAndOfTheirEvents() throws Exception {
        Path db = dir.resolve("monitor.db");
        long[] ids;
        try (SqliteAlertRepository repo = new SqliteAlertRepository(db)) {
            ids = store(repo);
            Alert acked = repo.find(ids[0]).orElseThrow().acknowledged(REPORTED + 60_000, "nurse.ann", "redrawn");
            repo.update(acked);
        }
        try (SqliteAlertRepository repo = new SqliteAlertRepository(db)) {
            Alert lab = repo.find(ids[0]).orElseThrow();
            assertThat(lab.observedAtMillis()).isEqualTo(DRAWN);
            assertThat(lab.raisedAtMillis()).isEqualTo(REPORTED);
            assertThat(lab.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(repo.find(ids[1]).orElseThrow().observedAtMillis()).isNull();
            assertThat(repo.open()).extracting(Alert::observedAtMillis).containsExactly(DRAWN, null);
            assertThat(repo.list(false, "B3", 10)).extracting(Alert::observedAtMillis).containsExactly(null, DRAWN);
            assertThat(repo.history(ids[0])).extracting(AlertEvent::observedAtMillis).containsExactly(DRAWN);
            assertThat(repo.history(ids[1])).extracting(AlertEvent::observedAtMillis).containsExactly((Long) null);
        }
    }

    @Test
    void anUpdateKeepsOrChangesTheObservationTime() throws Exception {
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"))) {
            long id = repo.create(lactate(DRAWN));
            Alert later = repo.find(id).orElseThrow();
            repo.update(new Alert(id, later.bed(), later.rule(), later.key(), Priority.HIGH, later.state(),
                    later.raisedAtMillis(), null, null, null, null, 10.4, "lactate 10.4 mmol/L", 1, DRAWN + 3_600_000));
            assertThat(repo.find(id).orElseThrow().observedAtMillis()).isEqualTo(DRAWN + 3_600_000);
            repo.update(repo.find(id).orElseThrow().cleared(REPORTED + 7_200_000, 1.8));
            assertThat(repo.find(id).orElseThrow().observedAtMillis()).isEqualTo(DRAWN + 3_600_000);
        }
    }

    @Test
    void aDatabaseOfAnOlderMonitorIsMigratedAndKeepsItsAlerts() throws Exception {
        Path db = dir.resolve("monitor.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            // The schema before escalation levels and observedAt, with one alert and its raise event.
            st.execute("CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, bed TEXT NOT NULL,"
                    + " rule TEXT NOT NULL, alert_key TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL,"
                    + " raised_at INTEGER NOT NULL, acknowledged_at INTEGER, acknowledged_by TEXT, ack_comment TEXT,"
                    + " cleared_at INTEGER, value REAL NOT NULL, message TEXT NOT NULL)");
            st.execute("CREATE TABLE alert_events (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL,"
                    + " at INTEGER NOT NULL, bed TEXT NOT NULL, rule TEXT NOT NULL, alert_key TEXT NOT NULL,"
                    + " priority TEXT NOT NULL, event TEXT NOT NULL, value REAL NOT NULL, message TEXT NOT NULL,"
                    + " level INTEGER NOT NULL)");
            st.execute("INSERT INTO alerts (bed, rule, alert_key, priority, state, raised_at, value, message)"
                    + " VALUES ('B1', 'MAP_LOW', '', 'medium', 'active', 1000, 61, 'MAP 61 mmHg below target 65')");
            st.execute("INSERT INTO alert_events (alert_id, at, bed, rule, alert_key, priority, event, value, message,"
                    + " level) VALUES (1, 1000, 'B1', 'MAP_LOW', '', 'medium', 'raised', 61, 'MAP 61 mmHg', 1)");
        }
        try (SqliteAlertRepository repo = new SqliteAlertRepository(db)) {
            Alert old = repo.find(1).orElseThrow();
            assertThat(old.rule()).isEqualTo(Rule.MAP_LOW);
            assertThat(old.level()).isEqualTo(1);
            assertThat(old.observedAtMillis()).isNull();
            assertThat(repo.history(1)).extracting(AlertEvent::observedAtMillis).containsExactly((Long) null);
            long[] ids = store(repo);
            assertThat(repo.find(ids[0]).orElseThrow().observedAtMillis()).isEqualTo(DRAWN);
            assertThat(repo.history(ids[0])).extracting(AlertEvent::observedAtMillis).containsExactly(DRAWN);
        }
        try (SqliteAlertRepository again = new SqliteAlertRepository(db)) {
            assertThat(again.open()).hasSize(3);
        }
    }

    @Test
    void theInMemoryRepositoryOfReplayKeepsItToo() {
        InMemoryAlertRepository repo = new InMemoryAlertRepository();
        long[] ids = store(repo);
        assertThat(repo.find(ids[0]).orElseThrow().observedAtMillis()).isEqualTo(DRAWN);
        assertThat(repo.list(true, null, 10)).extracting(Alert::observedAtMillis).containsExactly(null, DRAWN);
        List<AlertEvent> history = repo.history(ids[0]);
        assertThat(history).extracting(AlertEvent::observedAtMillis).containsExactly(DRAWN);
    }
}
