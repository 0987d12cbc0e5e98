package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;
import static org.ecmomonitor.alerts.Receipts.link;
import static org.ecmomonitor.alerts.Scenario.min;
import static org.ecmomonitor.alerts.Scenario.sec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;

/**
 * The live world's edge cases a review of the v2 time model found, each one a missed or false alarm before its fix:
 * backlogs that are a device's first messages, clock steps and glitches, a device clock alarm that never cleared,
 * transfusions charted a little ahead or by two devices at once, a preliminary replacing a preliminary, and a
 * device clock stepping back through ingest's duplicate filter.
 */
class LiveWorldEdgeCasesTest {
    private static final String BED = "B1";

    /** The console's buffered samples 5:00..10:00 (pump stopped 6:00..7:00), resent at 10:00, 1 ms apart. */
    private static Receipts consoleBacklog(Receipts r) {
        for (int s = 300; s < 600; s++) {
            Duration rx = min(10).plus(Duration.ofMillis(s - 300));
            boolean stopped = s >= 360 && s < 420;
            r.received(rx, Sample.of(BED, "console", Signal.ECMO_SPEED, Scenario.at(sec(s)), stopped ? 0 : 3000));
            r.received(rx, Sample.of(BED, "console", Signal.ECMO_FLOW, Scenario.at(sec(s)), stopped ? 0 : 4.0));
        }
        return r.constant(BED, "console", link(), Signal.ECMO_SPEED, min(10).plus(sec(1)), min(14), 3000)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(10).plus(sec(1)), min(14), 4.0);
    }


    /** Control: the console was heard live before its link dropped at 5:00; the backlog raises the pump stop. */
    @Test
    void backlogOfAKnownDeviceRaisesThePumpStopWithObservedAt() {
        Receipts r = new Receipts()
                .constant(BED, "console", link(), Signal.ECMO_SPEED, min(0), min(5), 3000)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(0), min(5), 4.0);
        List<AlertEvent> events = consoleBacklog(r).play(min(14));
        List<AlertEvent> stop = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(stop).hasSize(1);
        assertThat(stop.get(0).observedAtMillis()).isNotNull();
    }

    /** The same backlog as the device's first messages (monitor restarted, broker redelivers): nothing. */
    @Test
    void backlogThatIsADevicesFirstMessagesRaisesThePumpStop() {
        List<AlertEvent> events = consoleBacklog(new Receipts()).play(min(14));
        assertThat(Events.of(events, Rule.ECMO_PUMP_STOP, RAISED)).as("pump stop in the backlog").hasSize(1);
    }

    /** DEVICE_CLOCK raised for a console 8 s behind; it reconnects after 5 min with its clock fixed. */
    @Test
    void deviceClockClearsWhenTheDeviceComesBackInStepAfterAGap() {
        List<AlertEvent> events = new Receipts()
                .constant(BED, "monitor", link(), Signal.MAP, min(0), min(20), 70)
                .constant(BED, "console", link().ahead(sec(-8)), Signal.ECMO_FLOW, min(0), min(4), 4.0)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(9), min(20), 4.0)
                .play(min(20));
        Events.once(events, Rule.DEVICE_CLOCK, RAISED, min(2));
        assertThat(Events.of(events, Rule.DEVICE_CLOCK, CLEARED)).as("DEVICE_CLOCK cleared").hasSize(1);
    }

    /** A charting system whose clock is 5 s ahead (accepted: < 10 s): 2 units in 24 h, no TRANSFUSION_BURDEN. */
    @Test
    void transfusionsChartedFromAClockFiveSecondsAheadAreCounted() {
        List<AlertEvent> events = new Receipts()
                .received(min(0), Sample.of(BED, "chart", Signal.RBC_UNITS, Scenario.at(sec(5)), 1))
                .received(min(60), Sample.of(BED, "chart", Signal.RBC_UNITS, Scenario.at(min(60).plus(sec(5))), 1))
                .play(min(70));
        assertThat(Events.of(events, Rule.TRANSFUSION_BURDEN, RAISED)).as("2 units in 24 h").hasSize(1);
    }

    /** Two distinct 1-unit transfusions charted with the same ts by two devices (not duplicates: Time 6). */
    @Test
    void twoTransfusionsFromTwoDevicesWithTheSameTsCountTwice() {
        List<AlertEvent> events = new Receipts()
                .received(min(1), Sample.of(BED, "chart", Signal.RBC_UNITS, Scenario.at(min(0)), 1))
                .received(min(1), Sample.of(BED, "rapid-infuser", Signal.RBC_UNITS, Scenario.at(min(0)), 1))
                .play(min(5));
        assertThat(Events.of(events, Rule.TRANSFUSION_BURDEN, RAISED)).as("2 units").hasSize(1);
    }

    /** The console's clock steps 30 s back (NTP) 3 s before the pump stops. */
    @Test
    void aClockStepBackJustBeforeAPumpStop() {
        List<AlertEvent> events = TimeModelExamples.pumpStops(link(), link().step(min(5).minus(sec(3)), sec(-30)))
                .play(min(8));
        List<AlertEvent> stop = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(stop).hasSize(1);
        long after = stop.get(0).atMillis() - Scenario.at(min(5));
        assertThat(after).as("raised ms after the stop").isBetween(0L, 15_000L);
    }

    /** One console sample with a ts glitch 9 s ahead (accepted), 2 s before the pump stops. */
    @Test
    void oneTimestampGlitchAheadJustBeforeAPumpStop() {
        Receipts r = new Receipts()
                .constant(BED, "monitor", link(), Signal.MAP, min(0), min(8), 70);
        for (int s = 0; s < 480; s++) {
            long ts = Scenario.at(sec(s)) + (s == 298 ? 9_000 : 0);
            r.received(sec(s), Sample.of(BED, "console", Signal.ECMO_SPEED, ts, s < 300 ? 3000 : 0));
            r.received(sec(s), Sample.of(BED, "console", Signal.ECMO_FLOW, ts, s < 300 ? 4.0 : 0));
        }
        List<AlertEvent> stop = Events.of(r.play(min(8)), Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(stop).hasSize(1);
        assertThat(stop.get(0).atMillis() - Scenario.at(min(5))).isBetween(0L, 15_000L);
    }

    /** A lactate 6.0 final, then a preliminary 1.8 then a second preliminary: engine vs DuplicateFilter rules. */
    @Test
    void aSecondPreliminaryDoesNotReplaceTheFirst() {
        List<AlertEvent> events = new Receipts()
                .lab(BED, Signal.LACTATE, min(-40), min(5), 6.0, LabStatus.PRELIMINARY)
                .lab(BED, Signal.LACTATE, min(-40), min(9), 1.8, LabStatus.PRELIMINARY)
                .play(min(12));
        assertThat(Events.of(events, Rule.LACTATE_HIGH, CLEARED)).as("Time 6: only corrected or final replace")
                .isEmpty();
    }

    /** First messages are a backlog in which the pump was stopped 5:00-8:00 and runs since 8:00 (and live). */
    @Test
    void aPumpStopFoundInAFirstContactBacklogSaysHowOldItsDataIs() {
        Receipts r = new Receipts();
        for (int s = 300; s < 600; s++) {
            Duration rx = min(10).plus(Duration.ofMillis(s - 300));
            boolean stopped = s < 480;
            r.received(rx, Sample.of(BED, "console", Signal.ECMO_SPEED, Scenario.at(sec(s)), stopped ? 0 : 3000));
            r.received(rx, Sample.of(BED, "console", Signal.ECMO_FLOW, Scenario.at(sec(s)), stopped ? 0 : 4.0));
        }
        r.constant(BED, "console", link(), Signal.ECMO_SPEED, min(10).plus(sec(1)), min(14), 3000)
                .constant(BED, "console", link(), Signal.ECMO_FLOW, min(10).plus(sec(1)), min(14), 4.0);
        List<AlertEvent> events = r.play(min(14));
        List<AlertEvent> stop = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(stop).as("the stop in the backlog, in %s", events).hasSize(1);
        assertThat(stop.get(0).observedAtMillis()).as("a pump stop from 5 min old data says so").isNotNull();
        assertThat(stop.get(0).message()).contains("min old)");
    }

    @Test
    void aConsoleClockSteppingBackThroughIngestStillAnnouncesThePumpStopOnTime() {
        org.ecmomonitor.ingest.DuplicateFilter filter = new org.ecmomonitor.ingest.DuplicateFilter();
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), Scenario.at(min(0)))) {
            e.addListener(events::add);
            for (int s = 0; s < 480; s++) {
                long rx = Scenario.at(sec(s));
                long ts = rx - (s >= 297 ? 30_000 : 0);
                List<Sample> msg = List.of(Sample.of(BED, "monitor", Signal.MAP, rx, 70));
                List<Sample> console = List.of(
                        Sample.of(BED, "console", Signal.ECMO_SPEED, ts, s < 300 ? 3000 : 0),
                        Sample.of(BED, "console", Signal.ECMO_FLOW, ts, s < 300 ? 4.0 : 0));
                for (List<Sample> m : List.of(msg, console)) {
                    for (Sample x : filter.filter(m, rx).taken()) {
                        e.onSample(x, rx);
                    }
                }
                e.flush();
            }
            e.advanceTo(Scenario.at(min(8)));
        }
        List<AlertEvent> stop = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED);
        assertThat(stop).hasSize(1);
        assertThat(stop.get(0).atMillis() - Scenario.at(min(5))).isBetween(0L, 15_000L);
    }

    /** The server's clock jumps 60 s forward (a step, a suspended VM): nothing could be heard, nothing is stale. */
    @Test
    void aForwardJumpOfTheServerClockIsNotASilenceOfEveryFeed() {
        List<AlertEvent> events = new ArrayList<>();
        try (AlertEngine e = new AlertEngine(new InMemoryAlertRepository(), Map.of(), Scenario.at(min(0)))) {
            e.addListener(events::add);
            for (int s = 0; s < 60; s++) {
                e.onSample(Sample.of(BED, "console", Signal.ECMO_FLOW, Scenario.at(sec(s)), 4.0), Scenario.at(sec(s)));
            }
            e.resumeSilencesAt(Scenario.at(sec(120)));
            for (int s = 121; s < 180; s++) {
                e.onSample(Sample.of(BED, "console", Signal.ECMO_FLOW, Scenario.at(sec(s)), 4.0), Scenario.at(sec(s)));
            }
            e.advanceTo(Scenario.at(sec(180)));
        }
        assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isEmpty();
    }
}
