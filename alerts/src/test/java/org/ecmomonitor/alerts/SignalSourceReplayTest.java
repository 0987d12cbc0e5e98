package org.ecmomonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.alerts.replay.AlertEventJson;
import org.ecmomonitor.alerts.replay.Recorder;
import org.ecmomonitor.alerts.replay.Replay;
import org.ecmomonitor.ingest.Feed;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.SignalSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2 in replay: the black box records the samples of the device that is not judged, with their device,
 * and replay (given the unit's feeds) chooses the same source on the same receipt times, so a recording of the
 * pump-shadow incident replays to the live run's alert events.
 */
class SignalSourceReplayTest {
    private static final long T0 = TwoSources.T0;

    @TempDir
    Path dir;

    private String recordAndReplay(TwoSources s, SignalSources.Configured live, SignalSources.Configured replay,
                                   List<String> liveEvents) throws Exception {
        Recorder recorder = new Recorder(dir, 7, new MutableClock(Instant.ofEpochMilli(T0)), new SimpleMeterRegistry());
        recorder.start(Map.of());
        try (AlertEngine engine = new AlertEngine(new InMemoryAlertRepository(), Map.of(), T0)) {
            s.play(engine, live, 150_000, recorder).forEach(e -> liveEvents.add(AlertEventJson.toJson(e)));
        }
        recorder.close();
        String recorded = Files.readString(dir.resolve(
                Instant.ofEpochMilli(T0).toString().substring(0, 10) + ".jsonl"));
        assertThat(recorded).contains("\"device\":\"pump-shadow\"").contains("\"device\":\"console-b6\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            new Replay(Map.of(), replay).run(new StringReader(recorded), o, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static TwoSources shadowFirst() {
        // the shadow is heard first: only the configuration makes the console the source
        return new TwoSources().device("B6", "pump-shadow", 333, 0, 150_000, 3000, 4.0)
                .device("B6", "console-b6", 1000, 5_000, 60_000, 3200, 4.2)
                .device("B6", "console-b6", 1000, 60_000, 120_000, 0, 0);
    }

    @Test
    void aRecordingOfTheShadowIncidentReplaysToTheLiveAlertEvents() throws Exception {
        SignalSources.Configured feeds = SignalSources.Configured.of(List.of(
                new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED, Signal.ECMO_FLOW))));
        List<String> live = new java.util.ArrayList<>();
        String replayed = recordAndReplay(shadowFirst(), feeds, feeds, live);

        assertThat(live).anyMatch(l -> l.contains("\"rule\":\"ECMO_PUMP_STOP\""))
                .anyMatch(l -> l.contains("ecmo_speed from pump-shadow and console-b6; judging console-b6"));
        assertThat(replayed.lines().toList()).containsExactlyElementsOf(live);
    }

    @Test
    void replayedWithoutTheUnitsFeedsTheFirstHeardShadowWouldBeJudged() throws Exception {
        SignalSources.Configured feeds = SignalSources.Configured.of(List.of(
                new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED, Signal.ECMO_FLOW))));
        String replayed = recordAndReplay(shadowFirst(), feeds, SignalSources.Configured.NONE,
                new java.util.ArrayList<>());

        assertThat(replayed).as("why replay needs the unit's --config").doesNotContain("ECMO_PUMP_STOP")
                .contains("ecmo_speed from console-b6 and pump-shadow; judging pump-shadow");
    }
}
