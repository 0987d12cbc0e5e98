package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.EcmoConfig;
import org.ecmomonitor.ingest.EcmoMode;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.ParseResult;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.PayloadParser;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.ecmomonitor.ingest.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the recorder writes reads back through replay to what ingest took (contract §2 v2, Recording). */
class RecorderRoundTripTest {
    private static final long T0 = Instant.parse("2026-11-29T08:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static Sample sample(Signal signal, long ts, double value, Quality q, LabStatus status, Specimen sp) {
        return new Sample("B1", "dev-" + signal.wireName(), signal, ts, value, q,
                q != Quality.OK || !signal.isPlausible(value), status, sp, value, signal.canonicalUnit().orElse(null));
    }

    /** Every signal (valid and artifact), every quality, every lab status and specimen. */
    private static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        long ts = T0;
        for (Signal s : Signal.values()) {
            double mid = Math.round((s.plausibleMin() + s.plausibleMax()) / 2 * 1000) / 1000.0;
            out.add(sample(s, ts++, mid, Quality.OK, LabStatus.FINAL, Specimen.UNKNOWN));
            if (s.isPossible(s.plausibleMax() + 0.125)) { // spo2_right_hand: plausible up to 100, the most it can be
                out.add(sample(s, ts++, s.plausibleMax() + 0.125, Quality.OK, LabStatus.FINAL, Specimen.UNKNOWN));
            }
            out.add(sample(s, ts++, s.hardMin(), Quality.OK, LabStatus.FINAL, Specimen.UNKNOWN));
            for (Quality q : Quality.values()) {
                out.add(sample(s, ts++, mid, q, LabStatus.FINAL, Specimen.UNKNOWN));
            }
            for (LabStatus status : LabStatus.values()) {
                for (Specimen sp : Specimen.values()) {
                    out.add(sample(s, ts++, mid + 0.1, Quality.OK, status, sp));
                }
            }
        }
        out.add(sample(Signal.LACTATE, ts++, 1.0 / 3, Quality.OK, LabStatus.CORRECTED, Specimen.ARTERIAL));
        out.add(sample(Signal.ECMO_FLOW, ts, -0.0, Quality.ARTIFACT, LabStatus.FINAL, Specimen.UNKNOWN));
        return out;
    }

    /** Every context field set (every value of the enum ones) and every field cleared. */
    private static List<ContextUpdate> contexts() {
        List<ContextUpdate> out = new ArrayList<>();
        long ts = T0 - 100_000;
        out.add(new ContextUpdate("B2", ts++, new PatientContext(30.0, CannulaSide.LEFT, EcmoMode.RUNNING, true, 40.0,
                0.0, 15.0, 95.0), Set.of()));
        out.add(new ContextUpdate("B2", ts++, new PatientContext(81.25, CannulaSide.RIGHT, EcmoMode.WEANING_TRIAL,
                false, 72.5, 1.75, 68.0, 70.0), Set.of()));
        out.add(new ContextUpdate("B2", ts++, new PatientContext(null, null, null, null, null, null, null, null,
                EcmoConfig.VA_CENTRAL, T0 - 200_000, 0.25, 0.65), Set.of()));
        for (EcmoConfig config : EcmoConfig.values()) {
            out.add(new ContextUpdate("B2", ts++, new PatientContext(null, null, null, null, null, null, null, null,
                    config, null, null, null), Set.of()));
        }
        for (EcmoMode m : EcmoMode.values()) {
            out.add(new ContextUpdate("B2", ts++, new PatientContext(null, null, m, null, null, null, null, null),
                    Set.of()));
        }
        for (ContextField f : ContextField.values()) {
            out.add(new ContextUpdate("B2", ts++, PatientContext.EMPTY, Set.of(f)));
        }
        out.add(new ContextUpdate("B2", ts++, PatientContext.EMPTY, EnumSet.allOf(ContextField.class)));
        out.add(new ContextUpdate("B2", ts, new PatientContext(250.0, null, null, null, 100.0, 10.0, null, null),
                Set.of(ContextField.CRRT, ContextField.NIRS_BASELINE_LEFT)));
        return out;
    }

    private Recorder recordAll(List<Sample> samples, List<ContextUpdate> contexts) throws Exception {
        Recorder r = new Recorder(dir, 7, new MutableClock(Instant.ofEpochMilli(T0)), new SimpleMeterRegistry());
        r.start(Map.of());
        long received = T0 + 500;
        for (Sample s : samples) {
            r.onSamples(List.of(s), received++);
        }
        for (ContextUpdate u : contexts) {
            r.onContext(u, received++);
        }
        r.close();
        return r;
    }

    @Test
    void everyRecordedSampleAndContextChangeReadsBackThroughReplayEqualWithItsReceiptTime() throws Exception {
        List<Sample> samples = samples();
        List<ContextUpdate> contexts = contexts();
        recordAll(samples, contexts);
        List<String> lines = Files.readAllLines(dir.resolve("2026-11-29.jsonl"));
        assertThat(lines).hasSize(samples.size() + contexts.size());

        ReplayLine parser = new ReplayLine();
        long received = T0 + 500;
        for (int i = 0; i < lines.size(); i++) {
            Object parsed = parser.parse(lines.get(i));
            assertThat(parsed).as(lines.get(i)).isInstanceOf(ReplayLine.Parsed.class);
            ReplayLine.Parsed p = (ReplayLine.Parsed) parsed;
            assertThat(p.result().rejections()).as(lines.get(i)).isEmpty();
            assertThat(p.receivedAt()).as(lines.get(i)).hasValue(received + i);
            if (i < samples.size()) {
                assertThat(p.result().samples()).as(lines.get(i)).containsExactly(samples.get(i));
            } else {
                assertThat(p.result().contexts()).as(lines.get(i))
                        .containsExactly(contexts.get(i - samples.size()));
            }
        }
    }

    @Test
    void aConvertedSampleIsRecordedInItsCanonicalUnitAndReadsBackAsTheValueTheRulesSaw() throws Exception {
        ParseResult kpa = new PayloadParser().parse(new Topic("B1", "console"),
                ("{\"ts\": " + T0 + ", \"signal\": \"map\", \"value\": 8.4, \"unit\": \"kPa\"}")
                        .getBytes(StandardCharsets.UTF_8), Map.of(), T0);
        Sample taken = kpa.samples().get(0);
        recordAll(List.of(taken), List.of());
        String line = Files.readAllLines(dir.resolve("2026-11-29.jsonl")).get(0);
        assertThat(line).contains("\"value\":63.0,\"unit\":\"mmHg\"");

        Sample back = ((ReplayLine.Parsed) new ReplayLine().parse(line)).result().samples().get(0);
        assertThat(back).isEqualTo(new Sample(taken.bed(), taken.device(), taken.signal(), taken.tsMillis(),
                taken.value(), taken.quality(), taken.artifact(), taken.status(), taken.specimen(), 63.0, "mmHg"));
    }

    @Test
    void aRecordedDayReplaysInTheOrderItWasReceived() throws Exception {
        // the device's clock runs 30 s behind: received order differs from ts order across devices
        List<Sample> samples = List.of(
                Sample.of("B1", "slow", Signal.MAP, T0 - 30_000, 61),
                Sample.of("B1", "fast", Signal.ECMO_FLOW, T0 - 1_000, 3.5));
        recordAll(samples, List.of());
        String text = Files.readString(dir.resolve("2026-11-29.jsonl"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Replay.Item> items;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            items = new Replay(Map.of()).read(new StringReader(text), e).items();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(items).extracting(Replay.Item::value).containsExactlyElementsOf(samples);
        assertThat(items).extracting(Replay.Item::t).containsExactly(T0 + 500, T0 + 501);
    }

    @Test
    void aDaysFileReplaysWithTheContextTheBedHadBeforeThatDay() throws Exception {
        // map_target 75 was set before the monitor's start (restored from its store); MAP 70 is below it
        Recorder r = new Recorder(dir, 7, new MutableClock(Instant.ofEpochMilli(T0)), new SimpleMeterRegistry());
        r.start(Map.of("B1", new PatientContext(null, null, null, null, 75.0, null, null, null)));
        for (int i = 0; i < 420; i++) {
            r.onSamples(List.of(Sample.of("B1", "console", Signal.MAP, T0 + i * 1000L, 70)), T0 + i * 1000L + 200);
        }
        r.close();
        List<String> lines = Files.readAllLines(dir.resolve("2026-11-29.jsonl"));
        assertThat(lines.get(0)).isEqualTo("{\"bed\":\"B1\",\"ts\":" + (T0 + 200) + ",\"receivedAt\":" + (T0 + 200)
                + ",\"context\":{\"map_target\":75.0}}");

        assertThat(replay(String.join("\n", lines))).contains("\"rule\":\"MAP_LOW\"");
        assertThat(replay(String.join("\n", lines.subList(1, lines.size()))))
                .as("without the context line, the default target of 65").doesNotContain("MAP_LOW");
    }

    private static String replay(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            new Replay(Map.of()).run(new StringReader(text), o, e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
