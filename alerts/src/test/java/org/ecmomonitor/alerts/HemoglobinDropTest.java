package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.AlertEventType.SUPPRESSED;

import java.time.Duration;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/**
 * alert-rules.md v2 examples 16 and 17: the hemoglobin drop adjusted for the red cell units transfused after the
 * highest value (1 unit = 1 g/dL, BARC), and a severe drop that holds back the drop it contains from the same result.
 */
class HemoglobinDropTest {
    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }

    @Test
    void example16TwoUnitsTransfusedBetweenTenAndEightPointFourAreABleedOfThreePointSix() {
        List<AlertEvent> events = SpecExamples.example16TransfusedDrop().play();
        AlertEvent drop = Events.exactly(events, Rule.HB_DROP, RAISED, h(6));
        assertThat(drop.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(drop.value()).isEqualTo(3.6);
        assertThat(drop.message())
                .isEqualTo("hemoglobin 8.4 g/dL, down 1.6 g/dL with 2 units transfused: 3.6 g/dL adjusted");
        assertThat(drop.observedAtMillis()).isEqualTo(Scenario.at(h(6)));
        Events.exactly(events, Rule.TRANSFUSION_BURDEN, RAISED, h(2));
        Events.rulesSeen(events, Rule.HB_DROP, Rule.TRANSFUSION_BURDEN);
    }

    @Test
    void example16WithoutTheUnitsAFallOfOnePointSixIsNothing() {
        Events.none(SpecExamples.example16WithoutUnits().play());
    }

    @Test
    void example16TheSameTransfusionLineReceivedTwiceCountsOnce() {
        List<AlertEvent> events = SpecExamples.example16UnitsTwice().play();
        assertThat(Events.exactly(events, Rule.HB_DROP, RAISED, h(6)).value()).isEqualTo(3.6);
        assertThat(Events.of(events, Rule.HB_DROP_SEVERE, RAISED)).as("5.6 if counted twice").isEmpty();
        assertThat(Events.exactly(events, Rule.TRANSFUSION_BURDEN, RAISED, h(2)).value()).isEqualTo(2.0);
    }

    @Test
    void unitsGivenBeforeTheHighestValueAreAlreadyInItAndDoNotCount() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 8.0)
                .lab(Signal.RBC_UNITS, h(1), 2)
                .lab(Signal.HEMOGLOBIN, h(4), 10.0)
                .lab(Signal.HEMOGLOBIN, h(10), 8.1)
                .play(h(11));
        assertThat(Events.of(events, Rule.HB_DROP, RAISED)).as("1.9 g/dL from 10.0, no unit after it").isEmpty();
    }

    @Test
    void oneUnitIsNamedInTheSingular() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 10.0)
                .lab(Signal.RBC_UNITS, h(2), 1)
                .lab(Signal.HEMOGLOBIN, h(6), 8.0)
                .play(h(7));
        assertThat(Events.exactly(events, Rule.HB_DROP, RAISED, h(6)).message())
                .isEqualTo("hemoglobin 8 g/dL, down 2 g/dL with 1 unit transfused: 3 g/dL adjusted");
    }

    @Test
    void aTransfusionChartedAfterTheHemoglobinItPrecededRaisesTheDropWhenItArrives() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(0), h(0.5), 10.0, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(6), h(6.5), 8.4, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.RBC_UNITS, h(2), h(7), 2, LabStatus.FINAL)
                .play(h(8));
        AlertEvent drop = Events.exactly(events, Rule.HB_DROP, RAISED, h(7));
        assertThat(drop.observedAtMillis()).as("the hemoglobin result's draw time").isEqualTo(Scenario.at(h(6)));
        assertThat(drop.value()).isEqualTo(3.6);
    }

    @Test
    void aLateEarlierHemoglobinTakesItsPlaceAndTheLatestResultIsJudgedAgainstIt() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.RBC_UNITS, h(2), h(2), 2, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(6), h(6.5), 8.4, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(0), h(8), 10.0, LabStatus.FINAL)
                .play(h(9));
        AlertEvent drop = Events.exactly(events, Rule.HB_DROP, RAISED, h(8));
        assertThat(drop.observedAtMillis()).isEqualTo(Scenario.at(h(6)));
        assertThat(drop.message()).contains("with 2 units transfused: 3.6 g/dL adjusted");
    }

    @Test
    void aTransfusionAfterTheLatestHemoglobinIsNotInItsDrop() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(0), h(0), 10.0, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(6), h(6), 8.4, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.RBC_UNITS, h(7), h(7), 2, LabStatus.FINAL)
                .play(h(8));
        assertThat(Events.of(events, Rule.HB_DROP, RAISED)).isEmpty();
    }

    @Test
    void example17ASevereDropIsRaisedAndTheDropSuppressedAtTheSameInstant() {
        List<AlertEvent> events = SpecExamples.example17SevereDrop().play();
        AlertEvent severe = Events.exactly(events, Rule.HB_DROP_SEVERE, RAISED, h(4));
        assertThat(severe.priority()).isEqualTo(Priority.HIGH);
        assertThat(severe.message()).isEqualTo("hemoglobin 7.8 g/dL, down 5.7 from 13.5 within 48 h");
        AlertEvent held = Events.exactly(events, Rule.HB_DROP, SUPPRESSED, h(4));
        assertThat(events.indexOf(severe)).as("the parent first").isLessThan(events.indexOf(held));
        assertThat(Events.of(events, Rule.HB_DROP, RAISED)).isEmpty();
    }

    @Test
    void example17ADropOfFourPointNineIsTheDropAlone() {
        List<AlertEvent> events = SpecExamples.example17NotSevere().play();
        Events.exactly(events, Rule.HB_DROP, RAISED, h(4));
        Events.rulesSeen(events, Rule.HB_DROP);
    }

    @Test
    void example17ArrivingLateIsRaisedOnArrivalParentFirst() {
        List<AlertEvent> events = new Receipts()
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(4), h(5), 7.8, LabStatus.FINAL)
                .lab(TimeModelExamples.BED, Signal.HEMOGLOBIN, h(0), h(6), 13.5, LabStatus.FINAL)
                .play(h(7));
        AlertEvent severe = Events.exactly(events, Rule.HB_DROP_SEVERE, RAISED, h(6));
        assertThat(severe.observedAtMillis()).isEqualTo(Scenario.at(h(4)));
        Events.exactly(events, Rule.HB_DROP, SUPPRESSED, h(6));
        assertThat(Events.of(events, Rule.HB_DROP, RAISED)).isEmpty();
    }

    @Test
    void transfusedUnitsCanMakeADropSevere() {
        List<AlertEvent> events = new Scenario()
                .lab(Signal.HEMOGLOBIN, h(0), 10.0)
                .lab(Signal.RBC_UNITS, h(1), 2)
                .lab(Signal.RBC_UNITS, h(3), 1)
                .lab(Signal.HEMOGLOBIN, h(6), 8.0)
                .play(h(7));
        AlertEvent severe = Events.exactly(events, Rule.HB_DROP_SEVERE, RAISED, h(6));
        assertThat(severe.message()).isEqualTo("hemoglobin 8 g/dL, down 2 g/dL with 3 units transfused: 5 g/dL adjusted");
        Events.exactly(events, Rule.HB_DROP, SUPPRESSED, h(6));
    }
}
