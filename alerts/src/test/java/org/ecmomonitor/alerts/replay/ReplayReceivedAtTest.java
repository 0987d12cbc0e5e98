package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.Sample;
import org.junit.jupiter.api.Test;

/** Replay on receipt times (contract §2 v2: {@code receivedAt}), and files without them as before. */
class ReplayReceivedAtTest {
    private static final Pattern TS = Pattern.compile("\"ts\":\"([^\"]+)\"");

    record Run(String stdout, String stderr, Replay.Summary summary) {
    }

    private static Run replay(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Summary s;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            s = new Replay(Map.of()).run(new StringReader(text), o, e);
        }
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), s);
    }

    private static List<Replay.Item> items(String text) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return new Replay(Map.of()).read(new StringReader(text), e).items();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReplayReceivedAtTest.class.getResourceAsStream("/replay/" + name + ".jsonl")) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Each line of {@code text} with {@code receivedAt} = its own {@code ts} + {@code lagMillis}. */
    private static String withReceivedAt(String text, long lagMillis) {
        return text.lines().map(line -> {
            Matcher m = TS.matcher(line);
            if (!m.find()) {
                return line;
            }
            long received = Instant.parse(m.group(1)).toEpochMilli() + lagMillis;
            return line.substring(0, line.length() - 1) + ",\"receivedAt\":" + received + "}";
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String sample(String ts, String received, int value) {
        return "{\"bed\": \"B1\", \"device\": \"console\", \"ts\": \"" + ts + "\""
                + (received == null ? "" : ", \"receivedAt\": \"" + received + "\"")
                + ", \"signal\": \"map\", \"value\": " + value + ", \"unit\": \"mmHg\"}\n";
    }

    @Test
    void itemsArePlayedInOrderOfReceiptNotOfObservation() throws Exception {
        String text = sample("2026-11-21T08:00:05Z", "2026-11-21T08:00:06Z", 1)
                + sample("2026-11-21T08:00:00Z", "2026-11-21T08:00:07Z", 2)
                + sample("2026-11-21T08:00:04Z", null, 3);
        List<Replay.Item> items = items(text);
        assertThat(items).extracting(Replay.Item::line).containsExactly(3, 1, 2);
        assertThat(items).extracting(Replay.Item::t).containsExactly(
                Instant.parse("2026-11-21T08:00:04Z").toEpochMilli(),
                Instant.parse("2026-11-21T08:00:06Z").toEpochMilli(),
                Instant.parse("2026-11-21T08:00:07Z").toEpochMilli());
        assertThat(items).extracting(i -> ((Sample) i.value()).ts().toString())
                .as("each sample keeps its observation time")
                .containsExactly("2026-11-21T08:00:04Z", "2026-11-21T08:00:05Z", "2026-11-21T08:00:00Z");
    }

    @Test
    void linesReceivedAtTheSameInstantKeepTheirFileOrder() throws Exception {
        String text = sample("2026-11-21T08:00:09Z", "2026-11-21T08:00:10Z", 1)
                + "{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:00Z\", \"receivedAt\": \"2026-11-21T08:00:10Z\","
                + " \"context\": {\"map_target\": 70}}\n"
                + sample("2026-11-21T08:00:10Z", null, 3);
        List<Replay.Item> items = items(text);
        assertThat(items).extracting(Replay.Item::line).containsExactly(1, 2, 3);
        assertThat(items.get(1).value()).isInstanceOf(ContextUpdate.class);
    }

    @Test
    void aContextReceivedLastButObservedEarlierIsRefusedAsStale() throws Exception {
        // map_target 70 observed later but received first; 60 observed earlier but received last. Issue 14: a
        // stale context never replaces a newer one (as live ingest refuses it, old_ts), so the target stays 70 and
        // MAP 62 for 10 min raises MAP_LOW; received the other way round, 60 is the newer and nothing is raised.
        StringBuilder text = new StringBuilder()
                .append("{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:02Z\", \"receivedAt\": \"2026-11-21T08:00:00Z\","
                        + " \"context\": {\"map_target\": 70}}\n")
                .append("{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:00Z\", \"receivedAt\": \"2026-11-21T08:00:01Z\","
                        + " \"context\": {\"map_target\": 60}}\n");
        Instant t = Instant.parse("2026-11-21T08:00:05Z");
        for (int i = 0; i < 600; i++) {
            text.append(sample(t.plusSeconds(i).toString(), null, 62));
        }
        Run stale = replay(text.toString());
        assertThat(stale.stdout()).contains(
                "\"rule\":\"MAP_LOW\",\"priority\":\"medium\",\"kind\":\"physiological\",\"event\":\"raised\"");
        assertThat(stale.stderr()).contains("line 2: old_ts");
        String inOrder = text.toString().replace("\"receivedAt\": \"2026-11-21T08:00:00Z\"",
                "\"receivedAt\": \"2026-11-21T07:59:59Z\"").replace("\"ts\": \"2026-11-21T08:00:02Z\"",
                "\"ts\": \"2026-11-21T07:59:58Z\"");
        assertThat(replay(inOrder).stdout()).as("the newer context received last").doesNotContain("MAP_LOW");
    }

    @Test
    void aBadReceivedAtRejectsItsLineWithItsNumberAndTheRestIsPlayed() throws Exception {
        String text = sample("2026-11-21T08:00:00Z", "2026-11-21T08:00:01Z", 61)
                + sample("2026-11-21T08:00:01Z", "at noon", 61)
                + "{\"bed\": \"B1\", \"ts\": \"2026-11-21T08:00:02Z\", \"receivedAt\": 1.5,"
                + " \"context\": {\"map_target\": 70}}\n"
                + sample("2026-11-21T08:00:03Z", "2026-11-21T08:00:04+00:00", 61);
        Run r = replay(text);
        assertThat(r.stderr())
                .contains("line 2: bad_ts: 'receivedAt' must be ISO-8601 with an offset or epoch milliseconds,"
                        + " got 'at noon'")
                .contains("line 3: bad_ts: 'receivedAt' must be ISO-8601 text or integer epoch milliseconds, got 1.5")
                .contains("replay: 4 lines read, 2 rejected, 0 alert events")
                .doesNotContain("line 1:").doesNotContain("line 4:");
        assertThat(r.summary().rejected()).isEqualTo(2);
    }

    @Test
    void aFileWithoutReceivedAtReplaysExactlyAsAFileReceivedAtItsTs() throws Exception {
        for (String name : List.of("example1-map-low", "example3-critical", "example6-not-clearing",
                "example7-dpc-removed", "example11-hb-drop", "bad-lines")) {
            String plain = resource(name);
            Run without = replay(plain);
            Run atTs = replay(withReceivedAt(plain, 0));
            assertThat(atTs.stdout()).as(name).isEqualTo(without.stdout());
            assertThat(atTs.stderr()).as(name).isEqualTo(without.stderr());
        }
    }

    @Test
    void aFileWithoutReceivedAtKeepsItsOutputAndSummaryFormat() throws Exception {
        Run r = replay(resource("example1-map-low"));
        assertThat(r.stdout().lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).matches(
                "\\{\"at\":\"2026-11-21T08:1[59]:05Z\",\"bed\":\"B1\",\"rule\":\"MAP_LOW\",\"priority\":\"medium\","
                        + "\"kind\":\"physiological\",\"event\":\"(raised|cleared)\",\"value\":[0-9.]+,"
                        + "\"message\":\"[^\"]+\"}"));
        assertThat(r.stderr()).isEqualTo("replay: 1500 lines read, 0 rejected, 2 alert events\n"
                + "  MAP_LOW: 1 cleared 1 raised\n");
    }
}
