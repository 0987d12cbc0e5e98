package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;

import java.time.Duration;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.junit.jupiter.api.Test;

/**
 * LAB_IMPLAUSIBLE (alert-rules.md v2): a lab result outside its plausible range is stored and flagged, judged by no
 * physiological rule, and announced so that someone checks it; the next plausible result of that signal clears it.
 */
class LabImplausibleTest {
    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }

    @Test
    void aLactateOf61IsAnnouncedNotJudgedAndTheNextPlausibleOneClearsIt() {
        List<AlertEvent> events = SpecExamples.lactate61Implausible().play();
        AlertEvent raised = Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(0));
        assertThat(raised.kind()).isEqualTo(AlertKind.TECHNICAL);
        assertThat(raised.priority()).isEqualTo(Priority.LOW);
        assertThat(raised.key()).isEqualTo("lactate");
        assertThat(raised.message()).isEqualTo("lactate 61 mmol/L outside 0.1–50: check the result");
        assertThat(raised.observedAtMillis()).isEqualTo(Scenario.at(h(0)));
        assertThat(Events.exactly(events, Rule.LAB_IMPLAUSIBLE, CLEARED, h(1)).key()).isEqualTo("lactate");
        AlertEvent high = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(1));
        assertThat(high.priority()).as("4.2 judged on its own, 61 never").isEqualTo(Priority.MEDIUM);
        Events.rulesSeen(events, Rule.LAB_IMPLAUSIBLE, Rule.LACTATE_HIGH);
    }

    /** v2: ECPR lactates above 30 are real; 31 mmol/L is judged (LACTATE_HIGH, high band), not flagged. */
    @Test
    void anEcprLactateOf31IsJudgedNotImplausible() {
        List<AlertEvent> events = SpecExamples.ecprLactate31().play();
        AlertEvent high = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(0));
        assertThat(high.priority()).isEqualTo(Priority.HIGH);
        AlertEvent rising = Events.exactly(events, Rule.LACTATE_RISING, RAISED, h(2));
        assertThat(rising.message()).isEqualTo("lactate 31 mmol/L rising from 12");
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, RAISED)).isEmpty();
    }

    @Test
    void fiftyIsTheLastPlausibleLactateAndFiftyPointOneIsNot() {
        Events.rulesSeen(new Scenario().lab(Signal.LACTATE, h(0), 50.0).play(h(1)), Rule.LACTATE_HIGH);
        Events.rulesSeen(new Scenario().lab(Signal.LACTATE, h(0), 50.1).play(h(1)), Rule.LAB_IMPLAUSIBLE);
    }

    @Test
    void aHemoglobinOfOnePointFiveIsAWrongResultNotABleed() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 11.0)
                .lab(Signal.HEMOGLOBIN, h(4), 1.5)
                .play(h(5));
        AlertEvent raised = Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(4));
        assertThat(raised.message()).isEqualTo("hemoglobin 1.5 g/dL outside 2–25: check the result");
        assertThat(raised.key()).isEqualTo("hemoglobin");
        Events.rulesSeen(events, Rule.LAB_IMPLAUSIBLE);
    }

    @Test
    void aPlausibleResultOfAnotherSignalDoesNotClearIt() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 31)
                .lab(Signal.LACTATE, h(1), 1.2)
                .play(h(2));
        Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(0));
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, CLEARED)).isEmpty();
    }

    @Test
    void eachSignalHasItsOwnAlert() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 31)
                .lab(Signal.LACTATE, h(1), 61)
                .lab(Signal.LACTATE, h(2), 1.2)
                .play(h(3));
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, RAISED)).extracting(AlertEvent::key)
                .containsExactly("hemoglobin", "lactate");
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, CLEARED)).extracting(AlertEvent::key)
                .containsExactly("lactate");
    }

    /** Time 5: a plausible result drawn before the implausible one, arriving after it, is not the next result. */
    @Test
    void aPlausibleResultDrawnEarlierButArrivingLaterDoesNotClearIt() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.LACTATE, h(2), h(2.5), 61, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.LACTATE, h(1), h(3), 3.0, LabStatus.FINAL)
                .play(h(4));
        Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(2.5));
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, CLEARED)).isEmpty();
        assertThat(Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(3)).observedAtMillis())
                .as("the late 3.0 is still judged, in its place").isEqualTo(Scenario.at(h(1)));
    }

    @Test
    void anImplausibleResultDrawnBeforeThePlausibleLatestOneIsNotAnnounced() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.LACTATE, h(2), h(2), 1.5, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.LACTATE, h(1), h(3), 61, LabStatus.FINAL)
                .play(h(4));
        Events.none(events);
    }

    @Test
    void aCorrectedResultWithTheSameTimeClearsIt() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 61)
                .lab(Signal.LACTATE, h(0), 6.1, Specimen.UNKNOWN, LabStatus.CORRECTED)
                .play(h(1));
        Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(0));
        AlertEvent cleared = Events.exactly(events, Rule.LAB_IMPLAUSIBLE, CLEARED, h(0));
        assertThat(cleared.message()).isEqualTo("lactate 6.1 mmol/L, within 0.1–50");
        assertThat(Events.exactly(events, Rule.LACTATE_HIGH, RAISED, h(0)).value()).isEqualTo(6.1);
    }

    @Test
    void aPreliminaryResultDoesNotReplaceAFinalImplausibleOne() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.LACTATE, h(0), 61)
                .lab(Signal.LACTATE, h(0), 6.1, Specimen.UNKNOWN, LabStatus.PRELIMINARY)
                .play(h(1));
        Events.exactly(events, Rule.LAB_IMPLAUSIBLE, RAISED, h(0));
        assertThat(Events.of(events, Rule.LAB_IMPLAUSIBLE, CLEARED)).isEmpty();
    }
}
