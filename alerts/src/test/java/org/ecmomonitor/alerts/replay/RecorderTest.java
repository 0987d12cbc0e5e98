package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ecmomonitor.ingest.CannulaSide;
import org.ecmomonitor.ingest.ContextField;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T23:59:58Z"));
    private final List<Recorder> opened = new ArrayList<>();

    @AfterEach
    void closeRecorders() {
        opened.forEach(Recorder::close);
    }

    private Path folder() {
        return dir.resolve("record");
    }

    private Recorder recorder(int days) {
        return recorder(days, Recorder.QUEUE_CAPACITY);
    }

    private Recorder recorder(int days, int capacity) {
        Recorder r = new Recorder(folder(), days, clock, meters, capacity);
        opened.add(r);
        return r;
    }

    private static Sample map(long ts, double value) {
        return Sample.of("B1", "console", Signal.MAP, ts, value);
    }

    private List<JsonNode> lines(String day) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder().resolve(day + ".jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private List<String> dayFiles() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private double dropped(String reason) {
        return meters.counter("ecmo.record.dropped", "reason", reason).count();
    }

    private double recorded() {
        return meters.counter("ecmo.record.lines").count();
    }

    private void touch(String... names) throws Exception {
        Files.createDirectories(folder());
        for (String n : names) {
            Files.writeString(folder().resolve(n), "{}\n");
        }
    }

    @Test
    void eachLineGoesToTheFileOfItsUtcDayOfReceiptNotOfItsTs() throws Exception {
        Recorder r = recorder(7);
        r.start(Map.of());
        long received = clock.millis();
        r.onSamples(List.of(map(received - 1000, 61), map(received + 5000, 62)), received);
        clock.advance(Duration.ofSeconds(3));
        r.onSamples(List.of(map(received - 1000, 63)), clock.millis());
        r.onContext(new ContextUpdate("B1", clock.millis(), new PatientContext(null, CannulaSide.LEFT, null, null,
                null, null, null, null), Set.of()), clock.millis());
        r.close();

        assertThat(dayFiles()).containsExactly("2026-11-29.jsonl", "2026-11-30.jsonl");
        assertThat(lines("2026-11-29")).extracting(l -> l.get("value").asDouble()).containsExactly(61.0, 62.0);
        assertThat(lines("2026-11-29").get(1).get("ts").asLong()).as("ts is the device's").isEqualTo(received + 5000);
        List<JsonNode> next = lines("2026-11-30");
        assertThat(next).hasSize(2);
        assertThat(next.get(0).toString()).isEqualTo("{\"bed\":\"B1\",\"device\":\"console\",\"ts\":"
                + (received - 1000) + ",\"receivedAt\":" + (received + 3000)
                + ",\"signal\":\"map\",\"value\":63.0,\"unit\":\"mmHg\"}");
        assertThat(next.get(1).toString()).isEqualTo("{\"bed\":\"B1\",\"ts\":" + (received + 3000) + ",\"receivedAt\":"
                + (received + 3000) + ",\"context\":{\"arterial_cannula_side\":\"left\"}}");
        assertThat(recorded()).isEqualTo(4);
    }

    @Test
    void dayFilesOlderThanTheDaysKeptAreDeletedAtStartAndOtherFilesAreLeftAlone() throws Exception {
        clock.set(Instant.parse("2026-11-29T10:00:00Z"));
        List<String> days = new ArrayList<>();
        for (int d = 15; d <= 29; d++) {
            days.add("2026-11-" + d + ".jsonl");
        }
        touch(days.toArray(String[]::new));
        touch("notes.txt", "2026-11-01.jsonl.bak", "incident-2026-11-01.jsonl");
        recorder(7).start(Map.of());

        assertThat(dayFiles()).containsExactlyInAnyOrder("2026-11-22.jsonl", "2026-11-23.jsonl", "2026-11-24.jsonl",
                "2026-11-25.jsonl", "2026-11-26.jsonl", "2026-11-27.jsonl", "2026-11-28.jsonl", "2026-11-29.jsonl",
                "notes.txt", "2026-11-01.jsonl.bak", "incident-2026-11-01.jsonl");
    }

    @Test
    void atEachDaysRolloverTheDayFilesThatExpiredAreDeleted() throws Exception {
        touch("2026-11-27.jsonl", "2026-11-28.jsonl");
        Recorder r = recorder(1);
        r.start(Map.of());
        assertThat(dayFiles()).as("one day kept on Nov 29: Nov 28's lines are younger than a day")
                .containsExactly("2026-11-28.jsonl");
        r.onSamples(List.of(map(clock.millis(), 61)), clock.millis());
        clock.advance(Duration.ofSeconds(3));
        r.onSamples(List.of(map(clock.millis(), 62)), clock.millis());
        r.close();

        assertThat(dayFiles()).containsExactly("2026-11-29.jsonl", "2026-11-30.jsonl");
    }

    @Test
    void aFullQueueDropsAndCountsTheLinesWithoutBlockingOrThrowing() throws Exception {
        Recorder r = recorder(7, 2);
        long t = clock.millis();
        r.onSamples(List.of(map(t, 61), map(t, 62)), t);
        r.onContext(new ContextUpdate("B1", t, PatientContext.EMPTY, Set.of(ContextField.CRRT)), t);
        assertThatCode(() -> r.onSamples(List.of(map(t, 63), map(t, 64), map(t, 65)), t)).doesNotThrowAnyException();
        assertThatCode(() -> r.onContext(new ContextUpdate("B1", t, PatientContext.EMPTY, Set.of(ContextField.CRRT)),
                t)).doesNotThrowAnyException();
        assertThat(dropped("queue_full")).isEqualTo(4);

        r.start(Map.of());
        r.close();
        assertThat(lines("2026-11-29")).hasSize(3);
        assertThat(recorded()).isEqualTo(3);
    }

    @Test
    void aFailedWriteIsCountedAndRecordingResumesOnceTheFileCanBeWritten() throws Exception {
        Files.createDirectories(folder().resolve("2026-11-29.jsonl"));
        Recorder r = recorder(7);
        r.start(Map.of());
        long t = clock.millis();
        assertThatCode(() -> r.onSamples(List.of(map(t, 61), map(t, 62)), t)).doesNotThrowAnyException();
        await().until(() -> dropped("write_failed") == 2);

        Files.delete(folder().resolve("2026-11-29.jsonl"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            r.onSamples(List.of(map(t, 63)), t);
            assertThat(recorded()).isPositive();
        });
        r.close();
        List<JsonNode> written = lines("2026-11-29");
        assertThat(written).isNotEmpty().allSatisfy(l -> assertThat(l.get("value").asDouble()).isEqualTo(63.0));
        assertThat(recorded()).isEqualTo(written.size());
    }

    @Test
    void linesReachTheFileWithinASecondWithoutClosing() throws Exception {
        Recorder r = recorder(7);
        r.start(Map.of());
        r.onSamples(List.of(map(clock.millis(), 61)), clock.millis());
        await().atMost(Duration.ofSeconds(3)).until(() -> Files.exists(folder().resolve("2026-11-29.jsonl"))
                && Files.readAllLines(folder().resolve("2026-11-29.jsonl")).size() == 1);
        assertThat(recorded()).isEqualTo(1);
    }

    @Test
    void theFolderAndTheFilesAreReadableByTheirOwnerOnly() throws Exception {
        Recorder r = recorder(7);
        r.start(Map.of());
        r.onSamples(List.of(map(clock.millis(), 61)), clock.millis());
        r.close();
        if (folder().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    folder().resolve("2026-11-29.jsonl")))).isEqualTo("rw-------");
        }
    }

    @Test
    void eachFileItStartsOpensWithEveryBedsCurrentContext() throws Exception {
        Recorder r = recorder(7);
        PatientContext restored = new PatientContext(80.0, CannulaSide.RIGHT, null, null, 70.0, null, null, null);
        r.start(Map.of("B1", restored, "B2", PatientContext.EMPTY));
        long t = clock.millis();
        r.onSamples(List.of(map(t - 500, 61)), t);
        r.onContext(new ContextUpdate("B1", t, new PatientContext(null, null, null, true, null, null, null, null),
                Set.of(ContextField.WEIGHT_KG)), t);
        clock.advance(Duration.ofSeconds(3));
        r.onSamples(List.of(map(t + 2500, 62)), clock.millis());
        r.close();

        assertThat(lines("2026-11-29")).extracting(JsonNode::toString).containsExactly(
                "{\"bed\":\"B1\",\"ts\":" + t + ",\"receivedAt\":" + t
                        + ",\"context\":{\"weight_kg\":80.0,\"arterial_cannula_side\":\"right\",\"map_target\":70.0}}",
                "{\"bed\":\"B1\",\"device\":\"console\",\"ts\":" + (t - 500) + ",\"receivedAt\":" + t
                        + ",\"signal\":\"map\",\"value\":61.0,\"unit\":\"mmHg\"}",
                "{\"bed\":\"B1\",\"ts\":" + t + ",\"receivedAt\":" + t
                        + ",\"context\":{\"weight_kg\":null,\"crrt\":true}}");
        long t2 = t + 3000;
        assertThat(lines("2026-11-30")).extracting(JsonNode::toString).containsExactly(
                "{\"bed\":\"B1\",\"ts\":" + t2 + ",\"receivedAt\":" + t2
                        + ",\"context\":{\"arterial_cannula_side\":\"right\",\"crrt\":true,\"map_target\":70.0}}",
                "{\"bed\":\"B1\",\"device\":\"console\",\"ts\":" + (t + 2500) + ",\"receivedAt\":" + t2
                        + ",\"signal\":\"map\",\"value\":62.0,\"unit\":\"mmHg\"}");
    }

    @Test
    void aLastLineCutShortByAStopIsEndedBeforeNewLinesAreAppended() throws Exception {
        Files.createDirectories(folder());
        Files.writeString(folder().resolve("2026-11-29.jsonl"), "{\"bed\":\"B1\",\"ts\":1,\"signal\":\"map\",\"va");
        Recorder r = recorder(7);
        r.start(Map.of());
        r.onSamples(List.of(map(clock.millis(), 61)), clock.millis());
        r.close();

        List<String> text = Files.readAllLines(folder().resolve("2026-11-29.jsonl"));
        assertThat(text).hasSize(2);
        assertThat(text.get(0)).endsWith("\"va");
        assertThat(JSON.readTree(text.get(1)).get("value").asDouble()).isEqualTo(61.0);
    }

    @Test
    void messagesAfterCloseAreCountedAsDroppedNotThrown() throws Exception {
        Recorder r = recorder(7);
        r.start(Map.of());
        r.close();
        long t = clock.millis();
        assertThatCode(() -> r.onSamples(List.of(map(t, 61), map(t, 62)), t)).doesNotThrowAnyException();
        assertThat(dropped("closed")).isEqualTo(2);
        assertThat(Files.exists(folder().resolve("2026-11-29.jsonl"))).isFalse();
    }
}
