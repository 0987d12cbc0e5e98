package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.SUPPRESSED;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;

import java.util.List;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** alert-rules.md examples 7 and 8 and the limb rules' preconditions. */
class LimbRulesTest {
    /** Cannula right, baselines 68 (right) and 70 (left), NIRS every 4 s, DPC 180 mL/min at 1 Hz until a loss. */
    private static Scenario limb(CannulaSide side) {
        return new Scenario().context(min(0), Scenario.cannula(side, 70.0, 68.0));
    }

    @Test
    void example7DistalPerfusionLineRemoved() {
        List<AlertEvent> events = SpecExamples.example7DpcRemoved().play();
        AlertEvent loss = Events.once(events, Rule.DPC_FLOW_LOSS, RAISED, min(2).plus(sec(13)));
        assertThat(loss.priority()).isEqualTo(Priority.HIGH);
        assertThat(Events.of(events, Rule.DPC_FLOW_LOW, RAISED)).isEmpty();
        Events.once(events, Rule.DPC_FLOW_LOW, SUPPRESSED, min(4).plus(sec(5)));
        // the NIRS drop turns LIMB_ISCHEMIA on at the same instant (DPC_FLOW_LOSS is open): v2, the parent is raised
        // and the child recorded suppressed ("LIMB_NIRS_DROP recorded as suppressed if it comes after the parent")
        AlertEvent ischemia = Events.once(events, Rule.LIMB_ISCHEMIA, RAISED, min(2 + 22));
        AlertEvent drop = Events.once(events, Rule.LIMB_NIRS_DROP, SUPPRESSED, min(2 + 22));
        assertThat(drop.atMillis()).isEqualTo(ischemia.atMillis());
        assertThat(Events.of(events, Rule.LIMB_NIRS_DROP, RAISED)).isEmpty();
        assertThat(ischemia.priority()).isEqualTo(Priority.HIGH);
        assertThat(events).noneMatch(e -> e.rule().name().startsWith("ECMO_"));
    }

    @Test
    void example8BothLegsFallingTogetherIsNotALimbProblem() {
        List<AlertEvent> events = SpecExamples.example8BothLegs().play();
        Events.none(events);
    }

    @Test
    void withoutTheCannulaSideOnlyTheDistalPerfusionRulesRun() {
        // v2: NIRS limb rules need to know the cannulated leg; a distal perfusion line is on it by definition, so a
        // self-removed DPC is announced even when the side is missing from the context
        List<AlertEvent> events = new Scenario()
                .series(Signal.DPC_FLOW, min(0), min(10), sec(1), t -> 0)
                .series(Signal.NIRS_RIGHT, min(0), min(10), sec(4), t -> 35)
                .series(Signal.NIRS_LEFT, min(0), min(10), sec(4), t -> 70)
                .play(min(10));
        Events.once(events, Rule.DPC_FLOW_LOSS, RAISED, sec(10));
        Events.rulesSeen(events, Rule.DPC_FLOW_LOSS, Rule.DPC_FLOW_LOW);
        assertThat(Events.of(events, Rule.DPC_FLOW_LOW, RAISED)).isEmpty();
    }

    @Test
    void lowNirsEscalatesToHighBelowForty() {
        List<AlertEvent> events = limb(CannulaSide.LEFT)
                .series(Signal.NIRS_LEFT, min(0), min(12), sec(4), t -> t < 60 ? 60 : 38)
                .series(Signal.NIRS_RIGHT, min(0), min(12), sec(4), t -> 45)
                .series(Signal.DPC_FLOW, min(0), min(12), sec(1), t -> 200)
                .play(min(12));
        // the even-sized 30 s median passes 49 (< 50) two seconds before it passes 38 (< 40)
        Events.once(events, Rule.LIMB_NIRS_LOW, RAISED, min(6).plus(sec(15)));
        Events.firstAt(events, Rule.LIMB_NIRS_LOW, AlertEventType.ESCALATED, Priority.HIGH, min(6).plus(sec(15)));
    }

    @Test
    void lowNirsRaisedAtMediumEscalatesWhenItFallsBelowForty() {
        List<AlertEvent> events = limb(CannulaSide.LEFT)
                .series(Signal.NIRS_LEFT, min(0), min(20), sec(4), t -> t < 60 ? 60 : t < 480 ? 45 : 38)
                .series(Signal.NIRS_RIGHT, min(0), min(20), sec(4), t -> 45)
                .series(Signal.DPC_FLOW, min(0), min(20), sec(1), t -> 200)
                .play(min(20));
        assertThat(Events.once(events, Rule.LIMB_NIRS_LOW, RAISED, min(6).plus(sec(15))).priority())
                .isEqualTo(Priority.MEDIUM);
        Events.firstAt(events, Rule.LIMB_NIRS_LOW, AlertEventType.ESCALATED, Priority.HIGH, min(13).plus(sec(15)));
    }

    @Test
    void aLatchedIschemiaStaysOpenUntilAcknowledged() {
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), java.util.Map.of(),
                Scenario.T0.toEpochMilli())) {
            List<AlertEvent> events = limb(CannulaSide.RIGHT)
                    .series(Signal.DPC_FLOW, min(0), min(10), sec(1), t -> 0)
                    .series(Signal.DPC_FLOW, min(10), min(20), sec(1), t -> 200)
                    .series(Signal.NIRS_RIGHT, min(0), min(20), sec(4), t -> t < 600 ? 45 : 68)
                    .series(Signal.NIRS_LEFT, min(0), min(20), sec(4), t -> 70)
                    .play(engine, min(20));
            AlertEvent raised = Events.once(events, Rule.LIMB_ISCHEMIA, RAISED, min(5));
            assertThat(Events.of(events, Rule.LIMB_ISCHEMIA, AlertEventType.CLEARED)).isEmpty();
            assertThat(engine.repository().list(true, "B1", 10)).extracting(Alert::rule)
                    .containsExactly(Rule.LIMB_ISCHEMIA);
            assertThat(engine.acknowledge(raised.alertId(), "nurse.anna", "leg warm, DPC reconnected")).isTrue();
            assertThat(Events.of(events, Rule.LIMB_ISCHEMIA, AlertEventType.CLEARED)).hasSize(1);
            assertThat(engine.repository().list(true, "B1", 10)).isEmpty();
        }
    }

    @Test
    void aCannulatedLegFallingWithTheOtherLegsProbeOffIsStillADropAndSaysSo() {
        // v2: without the contralateral leg LIMB_NIRS_DROP is judged on the cannulated leg alone (its baseline 70)
        List<AlertEvent> events = limb(CannulaSide.LEFT)
                .series(Signal.NIRS_LEFT, min(0), min(20), sec(4), t -> t < 120 ? 70 : 54)
                .play(min(20));
        AlertEvent drop = Events.once(events, Rule.LIMB_NIRS_DROP, RAISED, min(2).plus(sec(5 * 60 + 15)));
        assertThat(drop.message()).contains("judged on the cannulated leg alone");
    }

    @Test
    void withTheOtherLegFallingTooTheSameCannulatedFallIsNoDrop() {
        List<AlertEvent> events = limb(CannulaSide.LEFT)
                .series(Signal.NIRS_LEFT, min(0), min(20), sec(4), t -> t < 120 ? 70 : 54)
                .series(Signal.NIRS_RIGHT, min(0), min(20), sec(4), t -> t < 120 ? 68 : 55)
                .play(min(20));
        assertThat(Events.of(events, Rule.LIMB_NIRS_DROP, RAISED)).isEmpty();
    }

    @Test
    void aProbeComingOffTheOtherLegDoesNotRestartTheCannulatedLegsTimer() {
        // v2: a gap in one signal never restarts a hold on another; the right (contralateral) probe is off for 3 min
        List<AlertEvent> events = limb(CannulaSide.LEFT)
                .series(Signal.NIRS_LEFT, min(0), min(12), sec(4), t -> t < 60 ? 70 : 45)
                .series(Signal.NIRS_RIGHT, min(0), min(2), sec(4), t -> 60)
                .series(Signal.NIRS_RIGHT, min(5), min(12), sec(4), t -> 60)
                .play(min(12));
        Events.once(events, Rule.LIMB_NIRS_LOW, RAISED, min(1).plus(sec(5 * 60 + 15)));
    }

    @Test
    void anOpenDistalPerfusionLossClearsWhenFlowReturnsEvenAfterTheSideWasRemoved() {
        // v2: DPC rules need no side, so removing it from the context no longer leaves DPC_FLOW_LOSS open forever
        List<AlertEvent> events = limb(CannulaSide.RIGHT)
                .series(Signal.DPC_FLOW, min(0), min(10), sec(1), t -> t >= 60 && t < 180 ? 0 : 180)
                .context(min(2), new org.ecmomonitor.ingest.PatientContext(null, null, null, null, null, null, null,
                        null), java.util.Set.of(org.ecmomonitor.ingest.ContextField.ARTERIAL_CANNULA_SIDE))
                .play(min(10));
        Events.once(events, Rule.DPC_FLOW_LOSS, RAISED, min(1).plus(sec(10)));
        Events.once(events, Rule.DPC_FLOW_LOSS, CLEARED, min(4).plus(sec(5)));
    }
}
