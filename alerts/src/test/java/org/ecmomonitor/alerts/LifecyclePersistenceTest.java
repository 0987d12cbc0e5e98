package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.alerts.sqlite.SqliteAlertRepository;
import org.ecmomonitor.alerts.sqlite.SqliteAuditLog;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open alerts, their history and acknowledgements survive a restart (SQLite). */
class LifecyclePersistenceTest {
    @TempDir
    Path dir;

    private static void feed(AlertEngine engine, long fromSec, long toSec, double map) {
        for (long s = fromSec; s < toSec; s++) {
            engine.onSample(Sample.of("B1", "console", Signal.MAP, Scenario.T0.toEpochMilli() + s * 1000, map));
        }
    }

    @Test
    void aRestartRestoresOpenAlertsWhichThenClearNormally() throws Exception {
        long alertId;
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"));
             SqliteAuditLog audit = new SqliteAuditLog(dir.resolve("monitor.db"));
             AlertEngine engine = new AlertEngine(repo, audit, Map.of(), EscalationPolicy.DEFAULT,
                     Scenario.T0.toEpochMilli())) {
            feed(engine, 0, 400, 60);
            List<Alert> open = repo.list(true, "B1", 10);
            assertThat(open).extracting(Alert::rule).containsExactly(Rule.MAP_LOW);
            alertId = open.get(0).id();
            assertThat(engine.acknowledge(alertId, "nurse.ben", "fluids given")).isTrue();
            assertThat(engine.acknowledge(alertId, "nurse.ben", "twice")).as("already acknowledged").isFalse();
            assertThat(engine.acknowledge(9999, "nurse.ben", "")).as("no such alert").isFalse();
        }
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"));
             SqliteAuditLog audit = new SqliteAuditLog(dir.resolve("monitor.db"));
             AlertEngine engine = new AlertEngine(repo, audit, Map.of(), EscalationPolicy.DEFAULT,
                     Scenario.T0.toEpochMilli() + 400_000)) {
            Alert restored = repo.open().get(0);
            assertThat(restored.id()).isEqualTo(alertId);
            assertThat(restored.state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(restored.acknowledgedBy()).isEqualTo("nurse.ben");
            List<AlertEvent> events = new ArrayList<>();
            engine.addListener(events::add);
            feed(engine, 400, 500, 60);
            assertThat(events).as("no second MAP_LOW for the same episode").isEmpty();
            feed(engine, 500, 600, 72);
            assertThat(events).extracting(AlertEvent::event).containsExactly(AlertEventType.CLEARED);
            assertThat(repo.history(alertId)).extracting(AlertEvent::event).containsExactly(AlertEventType.RAISED,
                    AlertEventType.ACKNOWLEDGED, AlertEventType.CLEARED);
            assertThat(audit.auditLog(10)).singleElement().satisfies(a -> {
                assertThat(a.user()).isEqualTo("nurse.ben");
                assertThat(a.action()).isEqualTo("acknowledge");
                assertThat(a.detail()).isEqualTo("fluids given");
            });
            assertThat(repo.list(false, null, 10)).singleElement()
                    .satisfies(a -> assertThat(a.clearedAtMillis()).isNotNull());
        }
    }
}
