package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.ESCALATED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.Scenario.min;

import java.time.Duration;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.junit.jupiter.api.Test;

/** alert-rules.md examples 4-6 and lab-specific cases; lab alerts fire exactly at the result's observation time. */
class LactateRulesTest {
    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }

    @Test
    void example4HighThenRising() {
        List<AlertEvent> events = SpecExamples.example4Rising().play();
        AlertEvent high = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(0));
        assertThat(high.priority()).isEqualTo(Priority.LOW);
        Events.exactly(events, Rule.LACTATE_RISING, RAISED, h(3));
        Events.rulesSeen(events, Rule.LACTATE_HIGH, Rule.LACTATE_RISING);
    }

    @Test
    void example4SmallStepsAreNotRising() {
        List<AlertEvent> events = SpecExamples.example4SmallSteps().play();
        assertThat(Events.of(events, Rule.LACTATE_RISING, RAISED)).isEmpty();
    }

    @Test
    void example5ConvertedValuesAreRoundedBeforeTheBands() {
        // 36.0 mg/dL -> 4.0 mmol/L and 35.0 mg/dL -> 3.9 mmol/L: the ingest conversion (ingest's unit tests pin it)
        AlertEvent medium = Events.exactly(new Scenario().lab(Signal.LACTATE, h(0), 4.0).play(h(1)),
                Rule.LACTATE_HIGH, RAISED, h(0));
        assertThat(medium.priority()).isEqualTo(Priority.MEDIUM);
        AlertEvent low = Events.exactly(new Scenario().lab(Signal.LACTATE, h(0), 3.9).play(h(1)),
                Rule.LACTATE_HIGH, RAISED, h(0));
        assertThat(low.priority()).isEqualTo(Priority.LOW);
    }

    @Test
    void example6EcprCourseNotClearing() {
        List<AlertEvent> events = SpecExamples.example6NotClearing().play();
        AlertEvent high = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(1));
        assertThat(high.priority()).isEqualTo(Priority.HIGH);
        Events.exactly(events, Rule.LACTATE_NOT_CLEARING, RAISED, h(5));
    }

    @Test
    void example6TenAndAHalfPercentClearanceIsEnough() {
        List<AlertEvent> events = SpecExamples.example6Clearing().play();
        assertThat(Events.of(events, Rule.LACTATE_NOT_CLEARING, RAISED)).isEmpty();
    }

    @Test
    void notClearingNeedsTwoToSixHours() {
        assertThat(Events.of(new Scenario().lab(Signal.LACTATE, h(0), 8.0).lab(Signal.LACTATE, h(1.9), 8.0)
                .play(h(3)), Rule.LACTATE_NOT_CLEARING, RAISED)).isEmpty();
        assertThat(Events.of(new Scenario().lab(Signal.LACTATE, h(0), 8.0).lab(Signal.LACTATE, h(6.1), 8.0)
                .play(h(7)), Rule.LACTATE_NOT_CLEARING, RAISED)).isEmpty();
        Events.exactly(new Scenario().lab(Signal.LACTATE, h(0), 8.0).lab(Signal.LACTATE, h(2), 8.0).play(h(3)),
                Rule.LACTATE_NOT_CLEARING, RAISED, h(2));
    }

    /**
     * v2: the index looks back at most 24 h. An ECPR patient's lactate has been at or above 4 since 15.2 a day
     * ago; 14.8 after a 26 h gap is not a new index, so 14.9 two and a half hours later is not "not clearing".
     */
    @Test
    void anEcprLactateIndexOlderThan24HoursIsNoIndex() {
        List<AlertEvent> events = SpecExamples.ecprIndexOlderThan24h().play();
        assertThat(Events.of(events, Rule.LACTATE_NOT_CLEARING, RAISED)).isEmpty();
    }

    /** The near miss: the day-old result was under 4, so 14.8 opens a run and is its index. */
    @Test
    void aHighResultAfterADayOldNormalOneIsANewIndex() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 3.5)
                .lab(Signal.LACTATE, h(26), 14.8)
                .lab(Signal.LACTATE, h(28.5), 14.9)
                .play(h(29));
        AlertEvent raised = Events.exactly(events, Rule.LACTATE_NOT_CLEARING, RAISED, h(28.5));
        assertThat(raised.message()).isEqualTo("lactate 14.9 mmol/L, not clearing from 14.8");
    }

    @Test
    void anIndexExactly24HoursOldIsStillTheIndex() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 8.0)
                .lab(Signal.LACTATE, h(20), 8.2)
                .lab(Signal.LACTATE, h(24), 8.1)
                .play(h(25));
        assertThat(Events.of(events, Rule.LACTATE_NOT_CLEARING, RAISED)).as("24 h after the index: beyond 6 h")
                .isEmpty();
        // the clear condition still measures clearance from that index: 7.2 is 10 % below 8.0
        List<AlertEvent> cleared = new Scenario()
                .lab(Signal.LACTATE, h(0), 8.0)
                .lab(Signal.LACTATE, h(3), 8.0)
                .lab(Signal.LACTATE, h(24), 7.2)
                .play(h(25));
        Events.exactly(cleared, Rule.LACTATE_NOT_CLEARING, RAISED, h(3));
        Events.exactly(cleared, Rule.LACTATE_NOT_CLEARING, CLEARED, h(24));
    }

    /** A day-old index is gone: an open NOT_CLEARING then clears only at 2.0 or below, not on 10 % from it. */
    @Test
    void anOpenNotClearingClearsOnlyAtTwoOnceItsIndexIsBeyond24Hours() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 8.0)
                .lab(Signal.LACTATE, h(3), 8.0)
                .lab(Signal.LACTATE, h(24.5), 7.0)
                .play(h(25));
        Events.exactly(events, Rule.LACTATE_NOT_CLEARING, RAISED, h(3));
        assertThat(Events.of(events, Rule.LACTATE_NOT_CLEARING, CLEARED)).isEmpty();
    }

    @Test
    void risingExactlyAtBothThresholdsRises() {
        Events.exactly(new Scenario().lab(Signal.LACTATE, h(0), 2.5).lab(Signal.LACTATE, h(2), 3.0).play(h(3)),
                Rule.LACTATE_RISING, RAISED, h(2));
        assertThat(Events.of(new Scenario().lab(Signal.LACTATE, h(0), 2.5).lab(Signal.LACTATE, h(6.5), 3.5)
                .play(h(7)), Rule.LACTATE_RISING, RAISED)).as("more than 6 h apart").isEmpty();
    }

    @Test
    void bandChangesEscalateAndAResultAtTwoClears() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 3.0)
                .lab(Signal.LACTATE, h(2), 5.0)
                .lab(Signal.LACTATE, h(4), 2.0)
                .play(h(5));
        Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(0));
        assertThat(Events.firstAt(events, Rule.LACTATE_HIGH, ESCALATED, Priority.MEDIUM, h(2)).atMillis())
                .isEqualTo(Scenario.at(h(2)));
        Events.exactly(events, Rule.LACTATE_HIGH, CLEARED, h(4));
        Events.exactly(events, Rule.LACTATE_RISING, CLEARED, h(4));
    }

    @Test
    void differentKnownSpecimensAreNotCompared() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 2.4, Specimen.VENOUS, LabStatus.FINAL)
                .lab(Signal.LACTATE, h(3), 3.2, Specimen.ARTERIAL, LabStatus.FINAL)
                .play(h(4));
        assertThat(Events.of(events, Rule.LACTATE_RISING, RAISED)).isEmpty();
        List<AlertEvent> unknown = new Scenario()
                .lab(Signal.LACTATE, h(0), 2.4, Specimen.UNKNOWN, LabStatus.FINAL)
                .lab(Signal.LACTATE, h(3), 3.2, Specimen.ARTERIAL, LabStatus.FINAL)
                .play(h(4));
        Events.exactly(unknown, Rule.LACTATE_RISING, RAISED, h(3));
    }

    @Test
    void anOutOfOrderResultIsJudgedByObservationTime() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(3), 3.2)
                .play(h(3.5));
        assertThat(Events.of(events, Rule.LACTATE_RISING, RAISED)).isEmpty();
        // the earlier 2.4 arrives late: 3.2 at 11:00 now rises against it
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), java.util.Map.of(),
                Scenario.T0.toEpochMilli())) {
            List<AlertEvent> got = new java.util.ArrayList<>();
            engine.addListener(got::add);
            engine.onSample(org.ecmomonitor.ingest.Sample.of("B1", "lab", Signal.LACTATE, Scenario.at(h(3)), 3.2));
            engine.onSample(org.ecmomonitor.ingest.Sample.of("B1", "lab", Signal.LACTATE, Scenario.at(h(0)), 2.4));
            assertThat(Events.of(got, Rule.LACTATE_RISING, RAISED)).singleElement()
                    .satisfies(e -> assertThat(e.atMillis()).isEqualTo(Scenario.at(h(3))));
        }
    }

    @Test
    void aCorrectedResultReplacesTheOneWithTheSameTimeAndIsReEvaluated() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 2.4)
                .lab(Signal.LACTATE, h(3), 3.2)
                .lab(Signal.LACTATE, h(3), 2.5, Specimen.UNKNOWN, LabStatus.CORRECTED)
                .play(h(4));
        Events.exactly(events, Rule.LACTATE_RISING, RAISED, h(3));
        Events.exactly(events, Rule.LACTATE_RISING, CLEARED, h(3));
    }

    @Test
    void noLabRuleFiresOnNormalLactate() {
        Events.none(new Scenario().lab(Signal.LACTATE, h(0), 1.1).lab(Signal.LACTATE, h(2), 1.9).play(min(180)));
    }
}
