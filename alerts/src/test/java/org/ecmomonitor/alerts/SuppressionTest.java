package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.SUPPRESSED;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.alerts.sqlite.SqliteAlertRepository;
import org.ecmomonitor.alerts.sqlite.SqliteAuditLog;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Procedure suppression: a nurse flushing the arterial line holds MAP alerts without silencing the patient. */
class SuppressionTest {
    private static final long T0 = Scenario.T0.toEpochMilli();
    @TempDir
    Path dir;

    private static void map(AlertEngine e, long fromSec, long toSec, double v) {
        for (long s = fromSec; s < toSec; s++) {
            e.onSample(Sample.of("B1", "console", Signal.MAP, T0 + s * 1000, v));
        }
    }

    @Test
    void aSuppressedRuleIsRecordedAsSuppressedAndRaisedWhenTheSuppressionExpiresWhileTheConditionHolds() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0)) {
            e.addListener(events::add);
            Suppression x = e.suppress("B1", Set.of(Rule.MAP_CRITICAL), false, 2, "a-line flush", "nurse.fay");
            assertThat(e.suppressions("B1")).containsExactly(x);
            map(e, 0, 240, 40);
        }
        AlertEvent held = Events.once(events, Rule.MAP_CRITICAL, SUPPRESSED, Scenario.sec(65));
        assertThat(held.message()).contains("suppressed: a-line flush");
        assertThat(Events.once(events, Rule.MAP_CRITICAL, RAISED, Scenario.sec(120)).atMillis())
                .isEqualTo(T0 + 120_000);
        assertThat(Events.of(events, Rule.MAP_LOW, SUPPRESSED)).as("not named, not suppressed").isEmpty();
    }

    @Test
    void allPhysiologicalLeavesTechnicalAlertsAndEndingEarlyReleasesAtOnce() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0)) {
            e.addListener(events::add);
            Suppression x = e.suppress("B1", Set.of(), true, 60, "circuit change", "dr.gil");
            map(e, 0, 90, 40);
            e.onSample(Sample.of("B1", "console", Signal.ECMO_FLOW, T0 + 90_000, 4.0));
            e.advanceTo(T0 + 110_000);
            assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isNotEmpty();
            assertThat(e.endSuppression("B1", x.id(), "dr.gil")).isTrue();
            assertThat(e.endSuppression("B1", x.id(), "dr.gil")).isFalse();
            assertThat(e.endSuppression("B2", 999, "dr.gil")).isFalse();
        }
        Events.once(events, Rule.MAP_CRITICAL, SUPPRESSED, Scenario.sec(65));
        Events.once(events, Rule.MAP_CRITICAL, RAISED, Scenario.sec(110));
    }

    @Test
    void aLabResultObservedBeforeTheSuppressionButArrivingDuringItIsHeldBack() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0 + 60_000)) {
            e.addListener(events::add);
            e.suppress("B1", Set.of(Rule.LACTATE_HIGH), false, 5, "sample drawn from the circuit", "nurse.lee");
            e.onSample(Sample.of("B1", "lab", Signal.LACTATE, T0 + 50_000, 6.0));
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, SUPPRESSED)).hasSize(1);
        assertThat(Events.of(events, Rule.LACTATE_HIGH, RAISED)).isEmpty();
    }

    @Test
    void theSpecsLimitsAreEnforced() {
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0)) {
            assertThatThrownBy(() -> e.suppress("B1", Set.of(Rule.MAP_LOW), false, 61, "long", "u"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 60 min");
            assertThatThrownBy(() -> e.suppress("B1", Set.of(), false, 5, "nothing named", "u"))
                    .hasMessageContaining("name the rules");
            assertThatThrownBy(() -> e.suppress("B1", Set.of(Rule.MAP_LOW), false, 5, " ", "u"))
                    .hasMessageContaining("reason");
            assertThatThrownBy(() -> e.suppress("B1", Set.of(Rule.MAP_LOW), false, 0, "zero", "u"))
                    .hasMessageContaining("more than 0");
        }
    }

    @Test
    void suppressionsAreAuditedAndSurviveARestart() throws Exception {
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"));
             SqliteAuditLog audit = new SqliteAuditLog(dir.resolve("monitor.db"));
             AlertEngine e = new AlertEngine(repo, audit, Map.of(), EscalationPolicy.DEFAULT, T0)) {
            e.suppress("B1", Set.of(Rule.MAP_LOW, Rule.MAP_CRITICAL), false, 30, "decannulation", "dr.hu");
            assertThat(audit.auditLog(5)).singleElement().satisfies(a -> {
                assertThat(a.user()).isEqualTo("dr.hu");
                assertThat(a.action()).isEqualTo("suppress");
                assertThat(a.detail()).contains("decannulation");
            });
        }
        List<AlertEvent> events = new ArrayList<>();
        try (SqliteAlertRepository repo = new SqliteAlertRepository(dir.resolve("monitor.db"));
             AlertEngine e = new AlertEngine(repo, Map.of(), T0 + 60_000)) {
            e.addListener(events::add);
            assertThat(e.suppressions("B1")).singleElement()
                    .satisfies(x -> assertThat(x.rules()).containsExactlyInAnyOrder(Rule.MAP_LOW, Rule.MAP_CRITICAL));
            map(e, 60, 200, 40);
        }
        assertThat(Events.of(events, Rule.MAP_CRITICAL, RAISED)).isEmpty();
        assertThat(Events.of(events, Rule.MAP_CRITICAL, SUPPRESSED)).hasSize(1);
    }
}
