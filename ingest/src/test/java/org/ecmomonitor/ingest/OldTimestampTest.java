package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ecmomonitor.ingest.sqlite.SqliteContextRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: timestamps had no lower bound (a context stamped 1970 became a bed's current context). A sample or
 * context older than the retention, or a context older than the bed's current one, is refused as {@code old_ts}.
 */
class OldTimestampTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final FlakyStore store = new FlakyStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SqliteContextRepository contexts;
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        contexts = new SqliteContextRepository(dir.resolve("monitor.db"));
        pipeline = startPipeline();
    }

    private IngestPipeline startPipeline() {
        FeedRegistry feeds = new FeedRegistry(new InMemoryFeeds());
        IngestPipeline p = new IngestPipeline(clock, feeds, new FeedMonitor(clock, feeds), store, contexts,
                deadLetters, new IngestConfig(100, 1000, 20, Duration.ofDays(30)), meters);
        p.start();
        return p;
    }

    @AfterEach
    void stop() {
        pipeline.close();
        contexts.close();
        deadLetters.close();
    }

    private Delivery publish(String topic, String json) {
        return pipeline.submit(new InboundMessage(topic, json.getBytes(StandardCharsets.UTF_8), "mqtt", null, true))
                .join();
    }

    private static String map(Instant ts) {
        return "{\"ts\": \"" + ts + "\", \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}";
    }

    private double oldTsCount() {
        return meters.find("ecmo.ingest.rejected").tag("reason", "old_ts").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void aSampleOlderThanTheRetentionIsRefusedAsOldTs() {
        Delivery old = publish("icu/B1/console", map(NOW.minus(Duration.ofDays(30)).minusSeconds(1)));
        assertThat(old.firstReason()).isEqualTo(RejectReason.OLD_TS);
        assertThat(publish("icu/B1/console", "{\"ts\": 0, \"signal\": \"map\", \"value\": 63, \"unit\": \"mmHg\"}")
                .firstReason()).isEqualTo(RejectReason.OLD_TS);
        assertThat(oldTsCount()).isEqualTo(2);
        assertThat(store.stored()).isEmpty();
    }

    @Test
    void aLabDrawnHoursAgoAndASampleJustInsideTheRetentionAreTaken() {
        String lactate = "{\"ts\": \"" + NOW.minus(Duration.ofHours(6)) + "\", \"signal\": \"lactate\", \"value\": 2.4,"
                + " \"unit\": \"mmol/L\"}";
        assertThat(publish("icu/B1/lab", lactate).accepted()).isEqualTo(1);
        assertThat(publish("icu/B1/console", map(NOW.minus(Duration.ofDays(30)).plusSeconds(1))).accepted())
                .isEqualTo(1);
        assertThat(oldTsCount()).isZero();
    }

    @Test
    void aContextStamped1970IsRefusedAndTheBedKeepsItsContext() {
        publish("icu/B1/context", "{\"ecmo_mode\": \"running\"}");
        Delivery d = publish("icu/B1/context", "{\"ts\": 0, \"ecmo_mode\": \"off\"}");
        assertThat(d.firstReason()).isEqualTo(RejectReason.OLD_TS);
        assertThat(contexts.current().get("B1").ecmoMode()).isEqualTo(EcmoMode.RUNNING);
    }

    @Test
    void aContextOlderThanTheBedsCurrentOneIsRefusedEvenAfterARestart() {
        publish("icu/B1/context", "{\"ts\": \"" + NOW.minus(Duration.ofHours(1)) + "\", \"ecmo_mode\": \"running\"}");
        Delivery stale = publish("icu/B1/context",
                "{\"ts\": \"" + NOW.minus(Duration.ofHours(2)) + "\", \"ecmo_mode\": \"off\"}");
        assertThat(stale.firstReason()).isEqualTo(RejectReason.OLD_TS);
        assertThat(contexts.current().get("B1").ecmoMode()).isEqualTo(EcmoMode.RUNNING);
        // another bed's context is its own
        assertThat(publish("icu/B2/context", "{\"ts\": \"" + NOW.minus(Duration.ofHours(2))
                + "\", \"ecmo_mode\": \"standby\"}").accepted()).isEqualTo(1);

        pipeline.close();
        contexts.close();
        contexts = reopen();
        pipeline = startPipeline();
        assertThat(publish("icu/B1/context", "{\"ts\": \"" + NOW.minus(Duration.ofMinutes(90))
                + "\", \"ecmo_mode\": \"off\"}").firstReason()).isEqualTo(RejectReason.OLD_TS);
        assertThat(publish("icu/B1/context", "{\"ts\": \"" + NOW.minus(Duration.ofHours(1))
                + "\", \"ecmo_mode\": \"standby\"}").accepted()).as("the same time is no older").isEqualTo(1);
        assertThat(publish("icu/B1/context", "{\"ecmo_mode\": \"running\"}").accepted()).as("no ts: now").isEqualTo(1);
        assertThat(contexts.current().get("B1").ecmoMode()).isEqualTo(EcmoMode.RUNNING);
    }

    private SqliteContextRepository reopen() {
        try {
            return new SqliteContextRepository(dir.resolve("monitor.db"));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theParserBoundsEveryTimestampOfABatch() {
        PayloadParser parser = new PayloadParser(Duration.ofDays(1));
        String batch = "{\"samples\": [" + map(NOW.minus(Duration.ofHours(25))) + ", " + map(NOW) + "]}";
        ParseResult r = parser.parse(new Topic("B1", "console"), batch.getBytes(StandardCharsets.UTF_8), Map.of(),
                NOW.toEpochMilli());
        assertThat(r.samples()).hasSize(1);
        assertThat(r.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.OLD_TS);
        assertThat(r.rejections().get(0).detail()).contains("older than the data kept");
        assertThat(List.of(r.rejections().get(0).index())).containsExactly(0);
    }

    @Test
    void aClinicianEditAppliesAfterADeviceContextStampedAheadOfTheServerClock() {
        assertThat(publish("icu/B1/context", "{\"ts\": \"" + NOW.plusSeconds(5) + "\", \"ecmo_mode\": \"running\"}")
                .accepted()).isEqualTo(1);
        String edit = "{\"ts\": \"" + NOW + "\", \"ecmo_mode\": \"standby\"}";
        assertThat(pipeline.submit(new InboundMessage("icu/B1/context", edit.getBytes(StandardCharsets.UTF_8),
                IngestPipeline.HTTP_SOURCE, null, true)).join().accepted()).isEqualTo(1);
        assertThat(contexts.current().get("B1").ecmoMode()).isEqualTo(EcmoMode.STANDBY);
        // a device's context stamped before the device's own newest is still stale
        assertThat(publish("icu/B1/context", "{\"ts\": \"" + NOW.plusSeconds(2) + "\", \"ecmo_mode\": \"off\"}")
                .firstReason()).isEqualTo(RejectReason.OLD_TS);
    }
}
