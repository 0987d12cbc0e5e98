package org.ecmomonitor.alerts.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.ecmomonitor.ingest.ContextUpdate;
import org.junit.jupiter.api.Test;

/** Issue 14 (no lower bound on timestamps): replay refuses old {@code ts} relative to {@code receivedAt}, as live. */
class ReplayOldTimestampTest {
    private record Read(Replay.Input input, String err) {
    }

    private static Read read(String text) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Input in;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            in = new Replay(Map.of(), Duration.ofDays(30)).read(new StringReader(text), e);
        }
        return new Read(in, err.toString(StandardCharsets.UTF_8));
    }

    private static String sample(String ts, String receivedAt) {
        return "{\"bed\": \"B1\", \"device\": \"console\", \"ts\": \"" + ts + "\""
                + (receivedAt == null ? "" : ", \"receivedAt\": \"" + receivedAt + "\"")
                + ", \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}\n";
    }

    private static String context(String ts, String receivedAt, String mode) {
        return "{\"bed\": \"B1\", \"context\": {\"ts\": \"" + ts + "\", \"ecmo_mode\": \"" + mode + "\"}"
                + ", \"receivedAt\": \"" + receivedAt + "\"}\n";
    }

    @Test
    void aSampleOlderThanTheRetentionBeforeItsReceiptIsOldTs() throws Exception {
        Read r = read(sample("2026-10-01T08:00:00Z", "2026-11-21T08:00:00Z")
                + sample("2026-11-21T02:00:00Z", "2026-11-21T08:00:00Z"));
        assertThat(r.input().rejected()).isEqualTo(1);
        assertThat(r.input().items()).extracting(Replay.Item::line).containsExactly(2);
        assertThat(r.err()).contains("line 1: old_ts: 'ts' 2026-10-01T08:00:00Z is older than the data kept");
    }

    @Test
    void withoutReceivedAtAnOldFileStillPlays() throws Exception {
        Read r = read(sample("2019-03-01T08:00:00Z", null) + sample("2019-03-01T08:00:01Z", null));
        assertThat(r.input().rejected()).isZero();
        assertThat(r.input().items()).hasSize(2);
    }

    @Test
    void aContextOlderThanTheBedsCurrentOneDoesNotReplaceIt() throws Exception {
        Read r = read(context("2026-11-21T07:00:00Z", "2026-11-21T07:00:01Z", "running")
                + context("2026-11-21T06:00:00Z", "2026-11-21T07:30:00Z", "off")
                + context("2026-11-21T07:45:00Z", "2026-11-21T07:45:01Z", "standby"));
        assertThat(r.input().rejected()).isEqualTo(1);
        assertThat(r.input().items()).extracting(Replay.Item::line).containsExactly(1, 3);
        assertThat(r.input().items()).allMatch(i -> i.value() instanceof ContextUpdate);
        assertThat(r.err()).contains("line 2: old_ts: context 'ts' 2026-11-21T06:00:00Z is older than bed B1's"
                + " current context (2026-11-21T07:00:00Z)");
    }
}
