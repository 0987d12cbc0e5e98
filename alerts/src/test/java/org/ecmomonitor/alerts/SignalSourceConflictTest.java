package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecmomonitor.alerts.AlertEventType.CLEARED;
import static org.ecmomonitor.alerts.AlertEventType.RAISED;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.SignalSources;
import org.ecmomonitor.ingest.SourceNotice;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 2, the pump-shadow finding: an anonymous {@code icu/B6/pump-shadow} sending 3000 rpm / 4.0 L/min at
 * 3 Hz while the real console sent 0 rpm raised no ECMO_PUMP_STOP.
 */
class SignalSourceConflictTest {
    private static final long T0 = TwoSources.T0;
    private static final SignalSources.Configured CONSOLE_CONFIGURED = SignalSources.Configured.of(List.of(
            new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED, Signal.ECMO_FLOW))));

    private static AlertEngine engine() {
        return new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0);
    }

    /** The console runs the pump at 3200 rpm, 4.2 L/min, and reports it stopped from 60 s on. */
    private static TwoSources consoleStopsAt60s(TwoSources s, long untilMillis) {
        s.device("B6", "console-b6", 1000, 0, 60_000, 3200, 4.2);
        return s.device("B6", "console-b6", 1000, 60_000, untilMillis, 0, 0);
    }

    private static List<AlertEvent> of(List<AlertEvent> events, Rule rule, AlertEventType type, Signal key) {
        return Events.of(events, rule, type).stream().filter(e -> e.key().equals(key.wireName())).toList();
    }

    @Test
    void theConsolesPumpStopIsRaisedWhileAShadowSends3000RpmAndTheConflictNamesBoth() {
        TwoSources s = consoleStopsAt60s(new TwoSources(), 120_000)
                .device("B6", "pump-shadow", 333, 10_000, 120_000, 3000, 4.0);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, CONSOLE_CONFIGURED, 120_000);

            AlertEvent stop = Events.of(events, Rule.ECMO_PUMP_STOP, RAISED).get(0);
            assertThat(stop.atMillis() - T0).as("pump stop ~10 s after the console reports 0 rpm")
                    .isBetween(60_000L, 75_000L);
            AlertEvent speed = of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED, Signal.ECMO_SPEED).get(0);
            assertThat(speed.message()).isEqualTo("ecmo_speed from pump-shadow and console-b6; judging console-b6");
            assertThat(speed.priority()).isEqualTo(Priority.MEDIUM);
            assertThat(speed.rule().kind()).isEqualTo(AlertKind.TECHNICAL);
            assertThat(speed.atMillis()).as("raised at the shadow's first sample").isEqualTo(T0 + 10_200);
            assertThat(of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED, Signal.ECMO_FLOW)).hasSize(1);
            assertThat(Events.of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED)).as("once per signal").hasSize(2);
        }
    }

    @Test
    void withoutAConfiguredFeedTheFirstHeardIsJudgedAndTheLaterShadowCannotMaskThePumpStop() {
        TwoSources s = consoleStopsAt60s(new TwoSources(), 120_000)
                .device("B6", "pump-shadow", 333, 10_000, 120_000, 3000, 4.0);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, SignalSources.Configured.NONE, 120_000);

            assertThat(Events.of(events, Rule.ECMO_PUMP_STOP, RAISED)).hasSize(1);
            assertThat(of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED, Signal.ECMO_SPEED).get(0).message())
                    .isEqualTo("ecmo_speed from pump-shadow and console-b6; judging console-b6");
        }
    }

    @Test
    void theConflictClearsOnceTheShadowIsSilentForTheSignalsStaleLimitAndNotBefore() {
        // the shadow's last message is observed at 40.0 s and received at 40.2 s; ecmo_speed goes stale after 10 s
        TwoSources s = new TwoSources().device("B6", "console-b6", 1000, 0, 120_000, 3200, 4.2)
                .device("B6", "pump-shadow", 500, 10_000, 40_500, 3000, 4.0);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, CONSOLE_CONFIGURED, 120_000);

            AlertEvent cleared = of(events, Rule.SIGNAL_SOURCE_CONFLICT, CLEARED, Signal.ECMO_SPEED).get(0);
            assertThat(cleared.atMillis()).isEqualTo(T0 + 40_200 + 10_000 + 1);
            assertThat(cleared.message()).isEqualTo("pump-shadow silent for over 10 s: ecmo_speed from console-b6 only");
            assertThat(Events.of(events, Rule.SIGNAL_SOURCE_CONFLICT, CLEARED)).hasSize(2);
            assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).as("the judged console never stopped").isEmpty();
        }
    }

    @Test
    void aShadowThatPausesForLessThanTheStaleLimitKeepsOneConflictOpen() {
        TwoSources s = new TwoSources().device("B6", "console-b6", 1000, 0, 120_000, 3200, 4.2)
                .device("B6", "pump-shadow", 1000, 10_000, 120_000, t -> t < 50_000 || t >= 59_000, 3000, 4.0);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, CONSOLE_CONFIGURED, 120_000);

            assertThat(of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED, Signal.ECMO_SPEED)).hasSize(1);
            assertThat(of(events, Rule.SIGNAL_SOURCE_CONFLICT, CLEARED, Signal.ECMO_SPEED)).isEmpty();
        }
    }

    @Test
    void oneDevicePerSignalRaisesNoConflict() {
        TwoSources s = new TwoSources().device("B6", "console-b6", 1000, 0, 120_000, 3200, 4.2)
                .device("B7", "console-b7", 1000, 0, 120_000, 3200, 4.2);
        try (AlertEngine engine = engine()) {
            Events.none(s.play(engine, CONSOLE_CONFIGURED, 120_000));
        }
    }

    @Test
    void labsFromTheLabSystemAndABloodGasAnalyserAreBothJudgedWithoutConflict() {
        List<AlertEvent> events;
        try (AlertEngine engine = engine()) {
            events = new java.util.ArrayList<>();
            engine.addListener(events::add);
            SignalSources sources = new SignalSources(SignalSources.Configured.NONE);
            for (Sample s : List.of(Sample.of("B6", "lab", Signal.LACTATE, T0, 1.2),
                    Sample.of("B6", "bga", Signal.LACTATE, T0 + 600_000, 4.5))) {
                SignalSources.Split split = sources.split(List.of(s), s.tsMillis() + 1000);
                split.judged().forEach(j -> engine.onSample(j, s.tsMillis() + 1000));
                assertThat(split.notices()).isEmpty();
            }
            engine.advanceTo(T0 + 700_000);
        }
        assertThat(Events.of(events, Rule.LACTATE_HIGH, RAISED)).as("the analyser's 4.5 is judged").hasSize(1);
        assertThat(Events.of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED)).isEmpty();
    }

    /**
     * The first-heard console falls silent at 60 s while a second, unconfigured device keeps sending: FEED_STALE
     * first (the console is silent past its 10 s limit), then the hand-over, announced by a new conflict alert
     * naming the new source, which clears when the old console has stayed silent for the limit after it.
     */
    @Test
    void aHandOverComesOnlyAfterFeedStaleAndIsAnnounced() {
        TwoSources s = new TwoSources().device("B6", "console-b6", 1000, 0, 60_000, 3200, 4.2)
                .device("B6", "console-b6-new", 1000, 30_500, 180_000, 3100, 4.1);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, SignalSources.Configured.NONE, 180_000);

            AlertEvent stale = of(events, Rule.FEED_STALE, RAISED, Signal.ECMO_SPEED).get(0);
            List<AlertEvent> conflicts = of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED, Signal.ECMO_SPEED);
            assertThat(conflicts).hasSize(2);
            assertThat(conflicts.get(0).message())
                    .isEqualTo("ecmo_speed from console-b6-new and console-b6; judging console-b6");
            AlertEvent handOver = conflicts.get(1);
            assertThat(handOver.message())
                    .isEqualTo("ecmo_speed: console-b6 silent for over 10 s; judging console-b6-new from now");
            // the console's last sample was received at 59.2 s: stale past 69.2 s, handed over at the next sample
            assertThat(stale.atMillis()).isEqualTo(T0 + 59_200 + 10_000 + 1);
            assertThat(handOver.atMillis()).isEqualTo(T0 + 69_700);
            assertThat(stale.atMillis()).isLessThan(handOver.atMillis());
            List<AlertEvent> cleared = of(events, Rule.SIGNAL_SOURCE_CONFLICT, CLEARED, Signal.ECMO_SPEED);
            assertThat(cleared).extracting(AlertEvent::atMillis)
                    .containsExactly(T0 + 69_700, T0 + 69_700 + 10_000 + 1);
            assertThat(cleared.get(1).message())
                    .isEqualTo("console-b6 silent for over 10 s: ecmo_speed from console-b6-new only");
        }
    }

    @Test
    void aLateSourceIsNotReplacedWhileWithinItsStaleLimit() {
        // the console pauses 9 s (under ecmo_speed's 10 s): the newcomer's samples are never judged
        TwoSources s = new TwoSources()
                .device("B6", "console-b6", 1000, 0, 120_000, t -> t < 50_000 || t >= 59_000, 0, 0)
                .device("B6", "pump-shadow", 333, 10_000, 120_000, 3000, 4.0);
        try (AlertEngine engine = engine()) {
            List<AlertEvent> events = s.play(engine, SignalSources.Configured.NONE, 120_000);

            assertThat(Events.of(events, Rule.SIGNAL_SOURCE_CONFLICT, RAISED)).hasSize(2);
            assertThat(Events.of(events, Rule.FEED_STALE, RAISED)).isEmpty();
            assertThat(Events.of(events, Rule.ECMO_PUMP_STOP, RAISED)).as("0 rpm judged throughout").hasSize(1);
        }
    }

    @Test
    void liveTheNoticesIngestHandsOverRaiseTheConflictAndTheOtherSamplesAreNotJudged(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        long now = java.time.Instant.now().toEpochMilli();
        List<AlertEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (org.ecmomonitor.alerts.sqlite.SqliteAlertRepository repo =
                     new org.ecmomonitor.alerts.sqlite.SqliteAlertRepository(dir.resolve("monitor.db"));
             LiveAlerts live = new LiveAlerts(new AlertEngine(repo, Map.of(), now - 1000), java.time.Clock.systemUTC(),
                     new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            live.addListener(events::add);
            live.start(Map.of());
            // a lactate of 11 from the device that is not the source would be LACTATE_HIGH if it were judged
            live.onOtherSources(List.of(Sample.of("B6", "pump-shadow", Signal.ECMO_SPEED, now, 3000),
                            Sample.of("B6", "pump-shadow", Signal.LACTATE, now - 1000, 11.0)),
                    List.of(new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6", "pump-shadow", false)), now);
            org.awaitility.Awaitility.await().until(() -> !events.isEmpty());
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.rule()).isEqualTo(Rule.SIGNAL_SOURCE_CONFLICT);
                assertThat(e.key()).isEqualTo("ecmo_speed");
            });
            assertThat(repo.open()).singleElement().satisfies(a -> assertThat(a.message())
                    .isEqualTo("ecmo_speed from pump-shadow and console-b6; judging console-b6"));
        }
    }

    @Test
    void aSourceNoticeForTheSameDeviceTwiceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6", "console-b6", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
