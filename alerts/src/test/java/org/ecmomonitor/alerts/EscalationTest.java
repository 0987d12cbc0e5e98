package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.ESCALATED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** Escalation of unacknowledged alerts and re-activation of acknowledged high alerts, on the engine clock. */
class EscalationTest {
    private static final long T0 = Scenario.T0.toEpochMilli();

    private static AlertEngine engine(List<AlertEvent> sink, EscalationPolicy policy) {
        AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), policy, T0);
        e.addListener(sink::add);
        return e;
    }

    private static void lactate(AlertEngine e, long atSeconds, double v) {
        e.onSample(Sample.of("B1", "lab", Signal.LACTATE, T0 + atSeconds * 1000, v));
    }

    private static List<Integer> levelsAt(List<AlertEvent> events, Rule rule) {
        return Events.of(events, rule, ESCALATED).stream().map(AlertEvent::level).toList();
    }

    @Test
    void anUnacknowledgedHighAlertEscalatesToLevel2After60sAndLevel3After180s() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 11.0);
            e.advanceTo(T0 + 59_999);
            assertThat(Events.of(events, Rule.LACTATE_HIGH, ESCALATED)).isEmpty();
            e.advanceTo(T0 + 600_000);
        }
        List<AlertEvent> esc = Events.of(events, Rule.LACTATE_HIGH, ESCALATED);
        assertThat(esc).extracting(AlertEvent::level).containsExactly(2, 3);
        assertThat(esc).extracting(AlertEvent::atMillis).containsExactly(T0 + 60_000, T0 + 180_000);
    }

    @Test
    void aMediumAlertEscalatesOnceAfterTenMinutesAndALowOneNever() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 5.0);
            e.advanceTo(T0 + 3_600_000);
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, ESCALATED)).singleElement().satisfies(x -> {
            assertThat(x.level()).isEqualTo(2);
            assertThat(x.atMillis()).isEqualTo(T0 + 600_000);
        });
        List<AlertEvent> low = new ArrayList<>();
        try (AlertEngine e = engine(low, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 2.5);
            e.advanceTo(T0 + 3_600_000);
        }
        assertThat(Events.of(low, Rule.LACTATE_HIGH, ESCALATED)).isEmpty();
    }

    @Test
    void anAcknowledgementStopsTheEscalation() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 11.0);
            e.advanceTo(T0 + 30_000);
            long id = Events.of(events, Rule.LACTATE_HIGH, RAISED).get(0).alertId();
            assertThat(e.acknowledge(id, "nurse.eli", null)).isTrue();
            e.advanceTo(T0 + 14 * 60_000);
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, ESCALATED)).isEmpty();
    }

    @Test
    void aHighAlertAcknowledgedOver15MinutesAgoWhoseConditionHoldsReturnsToActive() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 11.0);
            long id = Events.of(events, Rule.LACTATE_HIGH, RAISED).get(0).alertId();
            e.advanceTo(T0 + 30_000);
            e.acknowledge(id, "nurse.eli", "doctor called");
            lactate(e, 600, 10.5);
            e.advanceTo(T0 + 30_000 + 15 * 60_000 + 90_000);
            assertThat(e.repository().list(true, "B1", 5)).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.ACTIVE));
        }
        List<AlertEvent> esc = Events.of(events, Rule.LACTATE_HIGH, ESCALATED);
        assertThat(esc).extracting(AlertEvent::level).containsExactly(1, 2);
        assertThat(esc.get(0).atMillis()).isEqualTo(T0 + 30_000 + 15 * 60_000);
        assertThat(esc.get(1).atMillis()).isEqualTo(T0 + 30_000 + 16 * 60_000);
    }

    @Test
    void anAcknowledgedAlertWhoseConditionClearedIsNotReactivated() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, EscalationPolicy.DEFAULT)) {
            lactate(e, 0, 11.0);
            e.acknowledge(Events.of(events, Rule.LACTATE_HIGH, RAISED).get(0).alertId(), "nurse.eli", null);
            lactate(e, 600, 1.8);
            e.advanceTo(T0 + 3_600_000);
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, ESCALATED)).isEmpty();
        assertThat(Events.of(events, Rule.LACTATE_HIGH, AlertEventType.CLEARED)).hasSize(1);
    }

    @Test
    void escalationTimesAreConfigurable() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = engine(events, new EscalationPolicy(30_000, 90_000, 300_000, 600_000))) {
            lactate(e, 0, 11.0);
            e.advanceTo(T0 + 120_000);
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, ESCALATED)).extracting(AlertEvent::atMillis)
                .containsExactly(T0 + 30_000, T0 + 90_000);
        assertThat(levelsAt(events, Rule.LACTATE_HIGH)).containsExactly(2, 3);
    }
}
