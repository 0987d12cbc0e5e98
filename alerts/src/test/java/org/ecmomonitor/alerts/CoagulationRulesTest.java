package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.ESCALATED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.UPDATED;

import java.time.Duration;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/** alert-rules.md v2 example 23 and the coagulation rules: hemolysis, low platelets, anti-Xa off target. */
class CoagulationRulesTest {
    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }

    private static PatientContext antiXaTarget(Double min, Double max) {
        return new PatientContext(null, null, null, null, null, null, null, null, null, null, min, max);
    }

    @Test
    void example23PlasmaFreeHemoglobinOf62IsHemolysis() {
        List<AlertEvent> events = SpecExamples.example23Hemolysis().play();
        AlertEvent raised = Events.exactly(events, Rule.HEMOLYSIS, RAISED, h(0));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(raised.kind()).isEqualTo(AlertKind.PHYSIOLOGICAL);
        assertThat(raised.value()).isEqualTo(62.0);
        assertThat(raised.message()).isEqualTo("plasma free hemoglobin 62 mg/dL, above 50: hemolysis");
        assertThat(raised.observedAtMillis()).isEqualTo(Scenario.at(h(0)));
        Events.rulesSeen(events, Rule.HEMOLYSIS);
    }

    @Test
    void example23PointSixTwoGramsPerLitreIsTheSame() {
        AlertEvent raised = Events.exactly(SpecExamples.example23HemolysisGramsPerLitre().play(), Rule.HEMOLYSIS,
                RAISED, h(0));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(raised.value()).isEqualTo(62.0);
    }

    @Test
    void example23FortyIsNothing() {
        Events.none(SpecExamples.example23NoHemolysis().play());
    }

    @Test
    void fiftyIsNotHemolysisAndAHundredIsNotYetSevere() {
        Events.none(new Scenario().lab(Signal.PFHB, h(0), 50).play(h(1)));
        assertThat(Events.exactly(new Scenario().lab(Signal.PFHB, h(0), 100).play(h(1)), Rule.HEMOLYSIS, RAISED,
                h(0)).priority()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void hemolysisAbove100IsHighAndClearsAtOrBelow50() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.PFHB, h(0), 62)
                .lab(Signal.PFHB, h(6), 140)
                .lab(Signal.PFHB, h(12), 70)
                .lab(Signal.PFHB, h(18), 50)
                .play(h(19));
        Events.exactly(events, Rule.HEMOLYSIS, RAISED, h(0));
        AlertEvent high = Events.firstAt(events, Rule.HEMOLYSIS, ESCALATED, Priority.HIGH, h(6));
        assertThat(high.message()).isEqualTo("plasma free hemoglobin 140 mg/dL, above 100: hemolysis");
        assertThat(Events.exactly(events, Rule.HEMOLYSIS, UPDATED, h(12)).priority()).isEqualTo(Priority.MEDIUM);
        AlertEvent cleared = Events.exactly(events, Rule.HEMOLYSIS, CLEARED, h(18));
        assertThat(cleared.message()).isEqualTo("plasma free hemoglobin 50 mg/dL, at or below 50");
    }

    @Test
    void example23Platelets38AreLowAtMedium() {
        AlertEvent raised = Events.exactly(SpecExamples.example23PlateletsLow().play(), Rule.PLATELETS_LOW, RAISED,
                h(0));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(raised.message()).isEqualTo("platelets 38 ×10⁹/L, below 50");
    }

    @Test
    void example23Platelets18AreLowAtHigh() {
        AlertEvent raised = Events.exactly(SpecExamples.example23PlateletsVeryLow().play(), Rule.PLATELETS_LOW,
                RAISED, h(0));
        assertThat(raised.priority()).isEqualTo(Priority.HIGH);
        assertThat(raised.message()).isEqualTo("platelets 18 ×10⁹/L, below 20");
    }

    @Test
    void fiftyPlateletsAreNotLowAndClearAnOpenAlert() {
        Events.none(new Scenario().lab(Signal.PLATELETS, h(0), 50).play(h(1)));
        List<AlertEvent> events = new Scenario()
                .lab(Signal.PLATELETS, h(0), 38)
                .lab(Signal.PLATELETS, h(8), 18)
                .lab(Signal.PLATELETS, h(16), 50)
                .play(h(17));
        Events.exactly(events, Rule.PLATELETS_LOW, RAISED, h(0));
        Events.firstAt(events, Rule.PLATELETS_LOW, ESCALATED, Priority.HIGH, h(8));
        Events.exactly(events, Rule.PLATELETS_LOW, CLEARED, h(16));
    }

    @Test
    void anAntiXaBelowOrAboveTheDefaultTargetIsLowPriority() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.ANTI_XA, h(0), 0.25)
                .lab(Signal.ANTI_XA, h(6), 0.3)
                .lab(Signal.ANTI_XA, h(12), 0.75)
                .lab(Signal.ANTI_XA, h(18), 0.7)
                .play(h(19));
        List<AlertEvent> raised = Events.of(events, Rule.ANTI_XA_OUT_OF_RANGE, RAISED);
        assertThat(raised).extracting(AlertEvent::message).containsExactly(
                "anti-Xa 0.25 IU/mL, below the target 0.3–0.7", "anti-Xa 0.75 IU/mL, above the target 0.3–0.7");
        assertThat(raised).allSatisfy(e -> assertThat(e.priority()).isEqualTo(Priority.LOW));
        assertThat(Events.of(events, Rule.ANTI_XA_OUT_OF_RANGE, CLEARED)).extracting(AlertEvent::message)
                .containsExactly("anti-Xa 0.3 IU/mL, within the target 0.3–0.7",
                        "anti-Xa 0.7 IU/mL, within the target 0.3–0.7");
    }

    @Test
    void theBedsOwnTargetRangeDecides() {
        List<AlertEvent> events = new Scenario()
                .context(h(0), antiXaTarget(0.2, 0.5))
                .lab(Signal.ANTI_XA, h(1), 0.25)
                .lab(Signal.ANTI_XA, h(7), 0.55)
                .play(h(8));
        AlertEvent raised = Events.exactly(events, Rule.ANTI_XA_OUT_OF_RANGE, RAISED, h(7));
        assertThat(raised.message()).isEqualTo("anti-Xa 0.55 IU/mL, above the target 0.2–0.5");
    }

    /** A changed target range judges the latest result again, as a weight change judges the urine again. */
    @Test
    void aChangedTargetRangeJudgesTheLatestResultAgain() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.ANTI_XA, h(0), 0.25)
                .context(h(2), antiXaTarget(0.2, null))
                .context(h(3), antiXaTarget(0.3, null))
                .play(h(4));
        AlertEvent cleared = Events.exactly(events, Rule.ANTI_XA_OUT_OF_RANGE, CLEARED, h(2));
        assertThat(cleared.message()).isEqualTo("anti-Xa 0.25 IU/mL, within the target 0.2–0.7");
        assertThat(cleared.observedAtMillis()).as("the result's draw time").isEqualTo(Scenario.at(h(0)));
        assertThat(Events.of(events, Rule.ANTI_XA_OUT_OF_RANGE, RAISED)).extracting(AlertEvent::atMillis)
                .containsExactly(Scenario.at(h(0)), Scenario.at(h(3)));
    }

    @Test
    void aContextChangeThatLeavesTheRangeAloneJudgesNothing() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.ANTI_XA, h(0), 0.5)
                .context(h(1), antiXaTarget(0.3, 0.7))
                .play(h(2));
        Events.none(events);
    }

    /** Time 5: the latest result by observation time is judged; an earlier one arriving late does not replace it. */
    @Test
    void aHemolysisResultDrawnBeforeTheLatestAndArrivingLateChangesNothing() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.PFHB, h(3), h(3.5), 40, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.PFHB, h(2), h(4), 62, LabStatus.FINAL)
                .play(h(5));
        Events.none(events);
    }

    @Test
    void aLatePlateletCountIsRaisedOnArrivalWithItsDrawTime() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.PLATELETS, h(0), h(0.75), 38, LabStatus.FINAL)
                .play(h(1));
        AlertEvent raised = Events.exactly(events, Rule.PLATELETS_LOW, RAISED, h(0.75));
        assertThat(raised.observedAtMillis()).isEqualTo(Scenario.at(h(0)));
    }

    @Test
    void anImplausiblePlateletCountIsAnnouncedNotJudged() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.PLATELETS, h(0), 38)
                .lab(Signal.PLATELETS, h(1), 2500)
                .play(h(2));
        Events.exactly(events, Rule.PLATELETS_LOW, RAISED, h(0));
        assertThat(Events.of(events, Rule.PLATELETS_LOW, CLEARED)).isEmpty();
        assertThat(Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(1)).key()).isEqualTo("platelets");
    }
}
