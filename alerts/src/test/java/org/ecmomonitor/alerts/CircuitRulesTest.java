package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.SUPPRESSED;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;

import java.util.List;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** alert-rules.md example 9 and the circuit rules' modes. */
class CircuitRulesTest {
    @Test
    void example9FlowFallingAtConstantSpeed() {
        List<AlertEvent> events = SpecExamples.example9FlowDrop().play();
        AlertEvent drop = Events.once(events, Rule.ECMO_FLOW_DROP, RAISED, min(6).plus(sec(30)));
        assertThat(drop.priority()).isEqualTo(Priority.HIGH);
        Events.rulesSeen(events, Rule.ECMO_FLOW_DROP);
    }

    @Test
    void example9ADeliberateSpeedCutIsNothing() {
        Events.none(SpecExamples.example9SpeedCut().play());
    }

    @Test
    void aSpeedChangeClearsAFlowDropAtOnce() {
        List<AlertEvent> events = new Scenario()
                .series(Signal.ECMO_SPEED, min(0), min(10), sec(1), t -> t < 480 ? 3200 : 3600)
                .series(Signal.ECMO_FLOW, min(0), min(10), sec(1), t -> t < 360 ? 4.2 : 3.2)
                .play(min(10));
        Events.once(events, Rule.ECMO_FLOW_DROP, RAISED, min(6).plus(sec(22)));
        Events.once(events, Rule.ECMO_FLOW_DROP, CLEARED, min(8).plus(sec(5)));
    }

    @Test
    void aStoppedPumpHoldsBackLowFlow() {
        List<AlertEvent> events = new Scenario()
                .series(Signal.ECMO_SPEED, min(0), min(8), sec(1), t -> t < 300 ? 3200 : 0)
                .series(Signal.ECMO_FLOW, min(0), min(8), sec(1), t -> t < 300 ? 4.0 : 0)
                .play(min(8));
        AlertEvent stop = Events.once(events, Rule.ECMO_PUMP_STOP, RAISED, min(5).plus(sec(10)));
        assertThat(stop.priority()).isEqualTo(Priority.HIGH);
        assertThat(Events.of(events, Rule.ECMO_FLOW_LOW, RAISED)).isEmpty();
        Events.once(events, Rule.ECMO_FLOW_LOW, SUPPRESSED, min(5).plus(sec(35)));
    }

    @Test
    void lowFlowIsNotJudgedDuringAWeaningTrialNorAnyCircuitRuleInStandby() {
        Events.none(new Scenario()
                .context(min(0), Scenario.mode(EcmoMode.WEANING_TRIAL))
                .constant(Signal.ECMO_SPEED, min(0), min(5), 2000)
                .constant(Signal.ECMO_FLOW, min(0), min(5), 1.0)
                .play(min(5)));
        Events.none(new Scenario()
                .context(min(0), Scenario.mode(EcmoMode.STANDBY))
                .constant(Signal.ECMO_SPEED, min(0), min(5), 0)
                .constant(Signal.ECMO_FLOW, min(0), min(5), 0)
                .play(min(5)));
    }

    @Test
    void flowExactlyAtTheMinimumIsNotLow() {
        Events.none(new Scenario()
                .constant(Signal.ECMO_SPEED, min(0), min(5), 2500)
                .constant(Signal.ECMO_FLOW, min(0), min(5), 1.5)
                .play(min(5)));
        Events.once(new Scenario()
                .constant(Signal.ECMO_SPEED, min(0), min(5), 2500)
                .constant(Signal.ECMO_FLOW, min(0), min(5), 1.49)
                .play(min(5)), Rule.ECMO_FLOW_LOW, RAISED, sec(35));
    }

    @Test
    void aSilentPumpFeedIsAMediumTechnicalAlertClearedBySamples() {
        List<AlertEvent> events = new Scenario()
                .constant(Signal.ECMO_FLOW, min(0), min(1), 4.0)
                .constant(Signal.ECMO_FLOW, min(2), min(3), 4.0)
                .play(min(3));
        AlertEvent stale = Events.once(events, Rule.FEED_STALE, RAISED, min(1).plus(sec(10)));
        assertThat(stale.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(stale.key()).isEqualTo("ecmo_flow");
        assertThat(stale.kind()).isEqualTo(AlertKind.TECHNICAL);
        Events.once(events, Rule.FEED_STALE, CLEARED, min(2));
    }
}
