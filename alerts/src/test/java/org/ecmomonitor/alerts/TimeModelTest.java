package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.ESCALATED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.Receipts.link;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;
import static org.ecmomonitor.alerts.TimeModelExamples.pumpStops;

import java.time.Duration;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * alert-rules.md "Time (v2)" and its examples 19-21: devices whose clocks disagree, messages that lag, jitter,
 * step, arrive in a backlog or twice, silence among beds sending at whole seconds, and late labs. The engine clock
 * is the server's; each case is played in receipt order as the live monitor takes it.
 */
class TimeModelTest {
    private static final String BED = TimeModelExamples.BED;

    private static AlertEvent pumpStopWithin15sOf(List<AlertEvent> events, Duration stopReceived) {
        List<AlertEvent> raised = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(raised).as("ECMO_PUMP_STOP in %s", events).hasSize(1);
        long after = raised.get(0).atMillis() - Scenario.at(stopReceived);
        assertThat(after).as("pump stop raised %s ms after the stop's receipt", after).isBetween(0L, 15_000L);
        assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).as("no FEED_STALE").isEmpty();
        return raised.get(0);
    }

    @Test
    void example19MonitorAheadConsoleBehindAPumpStopIsRaisedAsWithClocksInSync() {
        AlertEvent inSync = pumpStopWithin15sOf(pumpStops(link(), link()).play(min(8)), min(5));
        AlertEvent skewed = pumpStopWithin15sOf(TimeModelExamples.example19SkewedClocks().play(min(8)), min(5));
        assertThat(Math.abs(skewed.atMillis() - inSync.atMillis())).isLessThanOrEqualTo(2_000);
    }

    @Test
    void example19ConsoleMessagesTwentySecondsLateRaiseTheSameAlertTwentySecondsLater() {
        AlertEvent inSync = pumpStopWithin15sOf(pumpStops(link(), link()).play(min(8)), min(5));
        AlertEvent late = pumpStopWithin15sOf(TimeModelExamples.example19ConsoleLate().play(min(8)),
                min(5).plus(sec(20)));
        assertThat(Math.abs(late.atMillis() - inSync.atMillis() - 20_000)).isLessThanOrEqualTo(2_000);
    }

    /** Skews from 60 s behind to just under the 10 s future limit, and a steady 60 s lag, give the same alert. */
    @ParameterizedTest
    @ValueSource(longs = {-60_000, -8_000, 8_000, 9_900})
    void aConsoleClockOffByAConstantRaisesThePumpStopOnTime(long aheadMillis) {
        AlertEvent inSync = pumpStopWithin15sOf(pumpStops(link(), link()).play(min(8)), min(5));
        AlertEvent skewed = pumpStopWithin15sOf(
                pumpStops(link(), link().ahead(Duration.ofMillis(aheadMillis))).play(min(8)), min(5));
        assertThat(Math.abs(skewed.atMillis() - inSync.atMillis())).isLessThanOrEqualTo(2_000);
    }

    @Test
    void aSteadySixtySecondLagRaisesThePumpStopSixtySecondsLaterAndNoSilence() {
        pumpStopWithin15sOf(pumpStops(link(), link().lag(sec(60)))
                .constant(BED, "monitor", link(), Signal.MAP, min(8), min(9), 70).play(min(9)), min(6));
    }

    @Test
    void jitterOfFourHundredMillisecondsAroundASkewChangesNothing() {
        pumpStopWithin15sOf(pumpStops(link().ahead(sec(-3)).jitter(Duration.ofMillis(800)),
                link().ahead(sec(8)).jitter(Duration.ofMillis(800))).play(min(8)), min(5));
    }

    @Test
    void aConsoleClockSteppingThirtySecondsBackMidStreamStillAnnouncesThePumpStop() {
        pumpStopWithin15sOf(pumpStops(link(), link().step(min(3), sec(-30))).play(min(8)), min(5));
    }

    @Test
    void aConsoleClockSteppingThirtySecondsForwardMidStreamStillAnnouncesThePumpStop() {
        pumpStopWithin15sOf(pumpStops(link(), link().ahead(sec(-40)).step(min(3), sec(30))).play(min(8)), min(5));
    }

    /** MAP 45 for 5 min from 2 min, MAP arriving {@code lag} late or from a clock {@code ahead}. */
    private static List<AlertEvent> mapDip(Receipts.Link monitor) {
        return new Receipts()
                .series(BED, "monitor", monitor, Signal.MAP, min(0), min(8), sec(1), t -> t < 120 ? 75 : 45)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(0), min(8).plus(sec(30)), 4.0)
                .constant(BED, "console", link(), Signal.ECMO_SPEED, min(0), min(8).plus(sec(30)), 3000)
                .play(min(8));
    }

    @Test
    void mapArrivingTwentySecondsBehindTheConsoleStillRaisesMapCritical() {
        List<AlertEvent> events = mapDip(link().lag(sec(20)));
        Events.once(events, Rule.MAP_CRITICAL, RAISED, min(2).plus(sec(65 + 20)));
        assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isEmpty();
    }

    @Test
    void aMonitorAnHourBehindRaisesMapCriticalAndNoSilence() {
        List<AlertEvent> events = mapDip(link().ahead(Duration.ofHours(-1)));
        Events.once(events, Rule.MAP_CRITICAL, RAISED, min(2).plus(sec(65)));
        assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isEmpty();
    }

    /** Example 20, among 200 other beds whose MAP carries whole-second timestamps. */
    @Test
    void example20ASilentConsoleIsReportedWithinASecondOfItsLimitWhateverOtherBedsSend() {
        Receipts r = TimeModelExamples.example20SilentConsole(200);
        List<AlertEvent> events = r.play(min(3));
        List<AlertEvent> stale = Events.of(events, Rule.FEED_STALE, RAISED);
        assertThat(stale).extracting(AlertEvent::bed, AlertEvent::key)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("B", "ecmo_flow"),
                        org.assertj.core.groups.Tuple.tuple("B", "ecmo_speed"));
        long lastReceipt = Scenario.at(sec(59));
        assertThat(stale).allSatisfy(e -> assertThat(e.atMillis() - lastReceipt).isGreaterThan(10_000)
                .isLessThanOrEqualTo(11_000));
        assertThat(stale).allSatisfy(e -> assertThat(e.priority()).isEqualTo(Priority.MEDIUM));
    }

    @Test
    void example21ALateLactateIsRaisedOnArrivalWithItsDrawTimeAndEscalatesFromThen() {
        List<AlertEvent> events = TimeModelExamples.example21LateLactate().play(min(12));
        AlertEvent raised = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, min(5));
        assertThat(raised.priority()).isEqualTo(Priority.HIGH);
        assertThat(raised.observedAtMillis()).isEqualTo(Scenario.at(min(-40)));
        List<AlertEvent> escalated = Events.of(events, Rule.LACTATE_HIGH, ESCALATED);
        assertThat(escalated).extracting(AlertEvent::level, AlertEvent::atMillis)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Scenario.at(min(6))),
                        org.assertj.core.groups.Tuple.tuple(3, Scenario.at(min(8))));
    }

    @Test
    void example21APreliminaryAfterAFinalWithTheSameTimeChangesNothing() {
        List<AlertEvent> events = TimeModelExamples.example21PreliminaryAfterFinal().play(min(12));
        AlertEvent raised = Events.exactly(events, Rule.LACTATE_HIGH, RAISED, min(5));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(Events.of(events, Rule.LACTATE_HIGH, CLEARED)).isEmpty();
    }

    @Test
    void aCorrectedResultDoesReplaceTheFinalOne() {
        List<AlertEvent> events = new Receipts()
                .lab(BED, Signal.LACTATE, min(-40), min(5), 6.0, LabStatus.FINAL)
                .lab(BED, Signal.LACTATE, min(-40), min(9), 1.8, LabStatus.CORRECTED)
                .play(min(12));
        AlertEvent cleared = Events.exactly(events, Rule.LACTATE_HIGH, CLEARED, min(9));
        assertThat(cleared.observedAtMillis()).isEqualTo(Scenario.at(min(-40)));
    }

    @Test
    void theSameTransfusionDeliveredTwiceCountsOnce() {
        List<AlertEvent> events = TimeModelExamples.duplicateTransfusion().play(min(5));
        AlertEvent raised = Events.exactly(events, Rule.TRANSFUSION_BURDEN, RAISED, min(1));
        assertThat(raised.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(raised.value()).isEqualTo(2.0);
        assertThat(raised.observedAtMillis()).isEqualTo(Scenario.at(min(0)));
        assertThat(Events.of(events, Rule.TRANSFUSION_BURDEN, ESCALATED)).filteredOn(e -> e.priority() == Priority.HIGH)
                .isEmpty();
    }

    @Test
    void transfusionsCountByObservationTimeAndLeaveTheWindowOnTheEngineClock() {
        List<AlertEvent> events = new Receipts()
                .lab(BED, Signal.RBC_UNITS, min(-23 * 60), min(1), 1, LabStatus.FINAL)
                .lab(BED, Signal.RBC_UNITS, min(0), min(2), 1, LabStatus.FINAL)
                .play(min(62));
        Events.exactly(events, Rule.TRANSFUSION_BURDEN, RAISED, min(2));
        Events.exactly(events, Rule.TRANSFUSION_BURDEN, CLEARED, min(60));
    }

    /**
     * A gateway that lost its connection for 5 min resends what it buffered at once on reconnecting: the MAP 45 in
     * that backlog raises MAP_CRITICAL at once, saying when it was measured and how old the data is.
     */
    @Test
    void aBacklogDeliveredAtOnceRaisesMapCriticalAtOnceWithItsObservationTime() {
        Receipts r = TimeModelExamples.backlog();
        List<AlertEvent> events = r.play(min(20));
        List<AlertEvent> critical = Events.of(events, Rule.MAP_CRITICAL, RAISED);
        assertThat(critical).as("MAP_CRITICAL in %s", events).hasSize(1);
        AlertEvent e = critical.get(0);
        assertThat(e.atMillis()).isBetween(Scenario.at(min(15)), Scenario.at(min(15).plus(sec(2))));
        assertThat(e.observedAtMillis()).isNotNull();
        assertThat(e.observedAtMillis()).isBetween(Scenario.at(min(11).plus(sec(60))),
                Scenario.at(min(11).plus(sec(75))));
        assertThat(e.message()).contains("min old)");
        Events.once(events, Rule.FEED_STALE, RAISED, min(10).plus(sec(30)));
        Events.exactly(events, Rule.FEED_STALE, CLEARED, min(15));
    }

    @Test
    void aDeviceClockOffByEightSecondsIsATechnicalAlertAfterTwoMinutesAndClearsWhenBackInStep() {
        List<AlertEvent> events = new Receipts()
                .constant(BED, "monitor", link().ahead(sec(8)).step(min(5), sec(-8)), Signal.MAP, min(0), min(10), 70)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(0), min(10), 4.0)
                .play(min(10));
        AlertEvent raised = Events.once(events, Rule.DEVICE_CLOCK, RAISED, min(2));
        assertThat(raised.key()).isEqualTo("monitor");
        assertThat(raised.kind()).isEqualTo(AlertKind.TECHNICAL);
        assertThat(raised.priority()).isEqualTo(Priority.LOW);
        assertThat(raised.message()).startsWith("monitor clock 8 s ahead of the server");
        Events.once(events, Rule.DEVICE_CLOCK, CLEARED, min(7).plus(sec(10)));
        assertThat(Events.of(events, Rule.MAP_LOW, RAISED)).isEmpty();
    }
}
