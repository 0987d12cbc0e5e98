package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final FlakyStore store = new FlakyStore();
    private final InMemoryContexts contexts = new InMemoryContexts();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Sample> heard = new CopyOnWriteArrayList<>();
    private final List<Boolean> refusals = new CopyOnWriteArrayList<>();
    private FeedRegistry feeds;
    private FeedMonitor monitor;
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;
    private int sent;

    @BeforeEach
    void start() {
        feeds = new FeedRegistry(new InMemoryFeeds());
        monitor = new FeedMonitor(clock, feeds);
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        pipeline = new IngestPipeline(clock, feeds, monitor, store, contexts, deadLetters,
                new IngestConfig(10, 1000, 20), meters);
        pipeline.addListener(new IngestListener() {
            @Override
            public void onSamples(List<Sample> samples, long receivedMillis) {
                heard.addAll(samples);
            }

            @Override
            public void onContext(ContextUpdate update, long receivedMillis) {
            }

            @Override
            public void onRefusing(boolean refusing, long atMillis) {
                refusals.add(refusing);
            }
        });
        pipeline.start();
    }

    @AfterEach
    void stop() {
        store.setDown(false);
        store.release();
        pipeline.close();
        deadLetters.close();
    }

    private CompletableFuture<Delivery> publish(String topic, String json) {
        return pipeline.submit(new InboundMessage(topic, json.getBytes(StandardCharsets.UTF_8), "mqtt", null, false));
    }

    /** A MAP sample with a time of its own (a second after the last one), so that no two are duplicates. */
    private String map(double v) {
        long ts = NOW.minus(Duration.ofHours(1)).plusSeconds(sent++).toEpochMilli();
        return "{\"ts\": " + ts + ", \"signal\": \"map\", \"value\": " + v + ", \"unit\": \"mmHg\"}";
    }

    private static String lactate(String status, double v) {
        return "{\"ts\": \"2026-11-21T07:00:00Z\", \"signal\": \"lactate\", \"value\": " + v
                + ", \"unit\": \"mmol/L\", \"status\": \"" + status + "\"}";
    }

    @Test
    void completesAMessageOnlyOnceItsSamplesAreStored() {
        store.hold();
        CompletableFuture<Delivery> f = publish("icu/B1/console", map(63));
        assertThat(f).isNotDone();
        assertThat(heard).as("the rules hear a sample once it is taken, not once it is stored").hasSize(1);
        store.release();
        await().until(f::isDone);
        assertThat(f.join()).isEqualTo(new Delivery(1, 0, null));
        assertThat(store.stored()).extracting(Sample::value).containsExactly(63.0);
        assertThat(heard).hasSize(1);
    }

    @Test
    void holdsMessagesUnacknowledgedWhileTheStoreIsDownAndStoresThemWhenItReturns() {
        store.setDown(true);
        List<CompletableFuture<Delivery>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(publish("icu/B1/console", map(60 + i)));
        }
        await().until(() -> store.failedWrites() >= 2);
        assertThat(fs).noneMatch(CompletableFuture::isDone);
        assertThat(pipeline.health().up()).isFalse();
        store.setDown(false);
        await().until(() -> fs.stream().allMatch(CompletableFuture::isDone));
        assertThat(store.stored()).extracting(Sample::value).containsExactly(60.0, 61.0, 62.0, 63.0, 64.0);
        assertThat(pipeline.health().up()).isTrue();
    }

    @Test
    void completesMessagesInArrivalOrder() {
        store.hold();
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            String json = i % 3 == 0 ? "garbage" : map(60 + i);
            publish("icu/B1/console", json).whenComplete((d, e) -> order.add(n));
        }
        store.release();
        await().until(() -> order.size() == 8);
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void refusesAMessageWhenTheQueueIsFullAndCountsIt() {
        store.hold();
        List<CompletableFuture<Delivery>> fs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fs.add(publish("icu/B1/console", map(61)));
        }
        assertThat(fs).anyMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(meters.counter("ecmo.ingest.rejected", "feed", "console", "reason", "overloaded").count())
                .isPositive();
        assertThat(heard).as("a refused message is not heard: the device sends it again")
                .hasSize((int) fs.stream().filter(f -> !f.isCompletedExceptionally()).count()).hasSizeLessThan(30);
        assertThat(refusals).as("listeners are told once that ingest refuses").containsExactly(true);
        assertThat(pipeline.refusing()).isTrue();
        assertThat(pipeline.health().up()).isFalse();
        assertThat(pipeline.health().detail()).startsWith("refusing device messages: write queue full");
        store.release();
    }

    @Test
    void takesMessagesAgainASecondAfterTheLastRefusalAndSaysSoOnce() {
        store.hold();
        for (int i = 0; i < 30; i++) {
            publish("icu/B1/console", map(61));
        }
        store.release();
        await().until(() -> store.stored().size() >= 10);
        publish("icu/B1/console", map(62)).join();
        assertThat(refusals).as("still within a second of the last refusal").containsExactly(true);
        clock.advance(java.time.Duration.ofMillis(IngestPipeline.REFUSING_SETTLES_MILLIS));
        publish("icu/B1/console", map(63)).join();
        publish("icu/B1/console", map(64)).join();
        assertThat(refusals).containsExactly(true, false);
        assertThat(pipeline.refusing()).isFalse();
        assertThat(pipeline.health().up()).isTrue();
    }

    @Test
    void countsDeadLettersAndAcknowledgesARejectedMessageWithTheGoodOnesStored() throws Exception {
        Delivery d = publish("icu/B1/console", "{\"samples\": [" + map(61) + ", {\"signal\": \"map\"}]}").join();
        assertThat(d.accepted()).isEqualTo(1);
        assertThat(d.rejected()).isEqualTo(1);
        Delivery bad = publish("icu/B1/console", "{not json").join();
        assertThat(bad.fullyRejected()).isTrue();
        assertThat(meters.counter("ecmo.ingest.rejected", "feed", "console", "reason", "missing_field").count())
                .isEqualTo(1);
        assertThat(meters.counter("ecmo.ingest.rejected", "feed", "console", "reason", "malformed_json").count())
                .isEqualTo(1);
        List<String> lines = Files.readAllLines(deadLetters.file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"raw_base64\":\"e25vdCBqc29u\"").contains("malformed_json");
        assertThat(deadLetters.latest("console")).hasSize(2);
        FeedStatus status = monitor.status("console").orElseThrow();
        assertThat(status.rejectedByReason()).containsEntry(RejectReason.MISSING_FIELD, 1L)
                .containsEntry(RejectReason.MALFORMED_JSON, 1L);
        assertThat(status.messagesPerMinute()).isEqualTo(2);
        assertThat(status.samplesPerMinute()).isEqualTo(1);
    }

    @Test
    void rejectsABadTopicAgainstTheUnknownFeed() {
        Delivery d = publish("vitals/B1", map(61)).join();
        assertThat(d.firstReason()).isEqualTo(RejectReason.BAD_TOPIC);
        assertThat(monitor.status(IngestPipeline.UNKNOWN_FEED).orElseThrow().rejectedByReason())
                .containsEntry(RejectReason.BAD_TOPIC, 1L);
    }

    @Test
    void aDeviceWithAPasswordMustBeSignedInToPublish() {
        feeds.put(new Feed("secure", "B1", Passwords.hash("correct horse".toCharArray()), Map.of(), Set.of()));
        assertThat(publish("icu/B1/secure", map(61)).join().firstReason()).isEqualTo(RejectReason.UNAUTHORIZED);
        Delivery signedIn = pipeline.submit(new InboundMessage("icu/B1/secure",
                map(61).getBytes(StandardCharsets.UTF_8), "mqtt", "secure", false)).join();
        assertThat(signedIn.accepted()).isEqualTo(1);
        Delivery otherDevice = pipeline.submit(new InboundMessage("icu/B1/console",
                map(61).getBytes(StandardCharsets.UTF_8), "mqtt", "secure", false)).join();
        assertThat(otherDevice.firstReason()).isEqualTo(RejectReason.UNAUTHORIZED);
    }

    private CompletableFuture<Delivery> as(String device, String topic, String json) {
        return pipeline.submit(new InboundMessage(topic, json.getBytes(StandardCharsets.UTF_8), "mqtt", device,
                false));
    }

    private static Feed gateway(String device, String... beds) {
        return new Feed(device, Set.of(beds), true, Passwords.hash("gateway-pass".toCharArray()), Map.of(),
                Set.of());
    }

    private void assertRefusedAsUnauthorized(Delivery d, String feed) {
        assertThat(d.fullyRejected()).isTrue();
        assertThat(d.firstReason()).isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(monitor.status(feed).orElseThrow().rejectedByReason()).containsKey(RejectReason.UNAUTHORIZED);
    }

    @Test
    void anonymousContextIsRefusedDeadLetteredAndLeavesTheBedsContextAlone() throws Exception {
        feeds.put(gateway("gw-b3", "B3"));
        as("gw-b3", "icu/B3/context", "{\"ecmo_mode\": \"running\"}").join();
        Delivery d = publish("icu/B3/context", "{\"ecmo_mode\": \"off\"}").join();
        assertThat(d.fullyRejected()).isTrue();
        assertThat(d.firstReason()).isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(contexts.current().get("B3").ecmoMode()).isEqualTo(EcmoMode.RUNNING);
        await().until(() -> Files.readString(dir.resolve("deadletter.jsonl")).contains("anonymous connection"));
    }

    @Test
    void aDeviceWithoutTheContextFlagCannotChangeContextEvenForItsOwnBed() {
        feeds.put(new Feed("nirs-b1", Set.of("B1"), false, Passwords.hash("nirs-pass".toCharArray()), Map.of(),
                Set.of()));
        assertRefusedAsUnauthorized(as("nirs-b1", "icu/B1/context", "{\"ecmo_mode\": \"off\"}").join(), "nirs-b1");
        assertThat(contexts.current()).doesNotContainKey("B1");
    }

    @Test
    void aGatewayMayChangeContextOnlyForItsBedsAndIsRecordedAsTheAuthor() throws Exception {
        feeds.put(gateway("gw-ward", "B1", "B2"));
        assertThat(as("gw-ward", "icu/B2/context", "{\"ecmo_mode\": \"running\"}").join().accepted()).isEqualTo(1);
        assertRefusedAsUnauthorized(as("gw-ward", "icu/B3/context", "{\"ecmo_mode\": \"off\"}").join(), "gw-ward");
        assertThat(contexts.current()).containsKey("B2").doesNotContainKey("B3");
        assertThat(contexts.history("B2", 10)).extracting(ContextChange::changedBy).containsExactly("device:gw-ward");
    }

    @Test
    void contextFromTheSiteBrokerOrABoardUserIsTakenAndSaysWhoMadeIt() {
        pipeline.submit(new InboundMessage("icu/B4/context", "{\"crrt\": true}".getBytes(StandardCharsets.UTF_8),
                "broker", null, true)).join();
        pipeline.submit(new InboundMessage("icu/B4/context", "{\"crrt\": false}".getBytes(StandardCharsets.UTF_8),
                "http", null, true, "dr-house")).join();
        assertThat(contexts.history("B4", 10)).extracting(ContextChange::changedBy)
                .containsExactly("user:dr-house", "broker");
    }

    @Test
    void aSignedInDeviceCannotPublishSamplesForABedOutsideItsFeed() {
        feeds.put(new Feed("nirs-b1", Set.of("B1"), false, Passwords.hash("nirs-pass".toCharArray()), Map.of(),
                Set.of()));
        assertThat(as("nirs-b1", "icu/B1/nirs-b1", map(61)).join().accepted()).isEqualTo(1);
        assertRefusedAsUnauthorized(as("nirs-b1", "icu/B2/nirs-b1", map(62)).join(), "nirs-b1");
        assertThat(store.stored()).extracting(Sample::bed).containsExactly("B1");
        assertThat(heard).extracting(Sample::bed).containsExactly("B1");
    }

    @Test
    void theFeedsBedListAppliesToAnonymousAndBrokerMessagesToo() {
        feeds.put(new Feed("pump-b6", Set.of("B6"), false, null, Map.of(), Set.of()));
        assertRefusedAsUnauthorized(publish("icu/B7/pump-b6", map(61)).join(), "pump-b6");
        Delivery viaBroker = pipeline.submit(new InboundMessage("icu/B7/pump-b6",
                map(62).getBytes(StandardCharsets.UTF_8), "broker", null, true)).join();
        assertThat(viaBroker.firstReason()).isEqualTo(RejectReason.UNAUTHORIZED);
        assertThat(publish("icu/B6/pump-b6", map(63)).join().accepted()).isEqualTo(1);
    }

    @Test
    void inventedBedsPastTheBoundAreRefusedAndNeverHeardButConfiguredAndKnownBedsStillAre() {
        pipeline.close();
        feeds.put(new Feed("console-b9", Set.of("B9"), false, null, Map.of(), Set.of()));
        pipeline = new IngestPipeline(clock, feeds, monitor, store, contexts, deadLetters,
                new IngestConfig(1000, 1000, 20, 3, 100), meters);
        pipeline.addListener(new IngestListener() {
            @Override
            public void onSamples(List<Sample> samples, long receivedMillis) {
                heard.addAll(samples);
            }

            @Override
            public void onContext(ContextUpdate update, long receivedMillis) {
            }
        });
        pipeline.start();
        for (int i = 0; i < 3; i++) {
            assertThat(publish("icu/X" + i + "/console", map(60)).join().accepted()).isEqualTo(1);
        }
        Delivery invented = publish("icu/X3/console", map(61)).join();
        assertThat(invented.firstReason()).isEqualTo(RejectReason.LIMIT_EXCEEDED);
        assertThat(publish("icu/X0/console", map(62)).join().accepted()).as("a bed taken before").isEqualTo(1);
        assertThat(publish("icu/B9/console-b9", map(63)).join().accepted()).as("a configured bed").isEqualTo(1);
        assertThat(heard).extracting(Sample::bed).doesNotContain("X3");
        assertThat(monitor.status("console").orElseThrow().rejectedByReason())
                .containsEntry(RejectReason.LIMIT_EXCEEDED, 1L);
    }

    @Test
    void newUnconfiguredDevicesPastTheBoundAreRefusedWhileConfiguredOnesGoOn() {
        pipeline.close();
        feeds.put(new Feed("console-b1", Set.of("B1"), false, null, Map.of(), Set.of()));
        monitor = new FeedMonitor(clock, feeds, 2);
        pipeline = new IngestPipeline(clock, feeds, monitor, store, contexts, deadLetters,
                new IngestConfig(1000, 1000, 20, 100, 2), meters);
        pipeline.start();
        assertThat(publish("icu/B1/random-1", map(60)).join().accepted()).isEqualTo(1);
        assertThat(publish("icu/B1/random-2", map(61)).join().accepted()).isEqualTo(1);
        assertThat(publish("icu/B1/random-3", map(62)).join().firstReason()).isEqualTo(RejectReason.LIMIT_EXCEEDED);
        assertThat(publish("icu/B1/console-b1", map(63)).join().accepted()).isEqualTo(1);
        assertThat(monitor.status(FeedMonitor.OTHER).orElseThrow().rejectedByReason())
                .containsEntry(RejectReason.LIMIT_EXCEEDED, 1L);
    }

    @Test
    void storesContextAndAppliesTheFeedsAliasesOnTheNextMessage() {
        feeds.put(gateway("gw-b1", "B1"));
        as("gw-b1", "icu/B1/context", "{\"arterial_cannula_side\": \"right\", \"weight_kg\": 75}").join();
        assertThat(contexts.current().get("B1").arterialCannulaSide()).isEqualTo(CannulaSide.RIGHT);

        String aliased = "{\"ts\": \"2026-11-21T08:00:00Z\", \"signal\": \"Flow\", \"value\": 3.9, \"unit\": \"L/min\"}";
        assertThat(publish("icu/B1/console", aliased).join().firstReason()).isEqualTo(RejectReason.UNKNOWN_SIGNAL);
        feeds.put(new Feed("console", "B1", null, Map.of("Flow", Signal.ECMO_FLOW), Set.of()));
        assertThat(publish("icu/B1/console", aliased).join().accepted()).isEqualTo(1);
        assertThat(store.stored()).extracting(Sample::signal).containsExactly(Signal.ECMO_FLOW);
    }

    @Test
    void ratesCoverTheLastMinuteOnly() {
        publish("icu/B1/console", map(61)).join();
        clock.advance(Duration.ofSeconds(30));
        publish("icu/B1/console", map(62)).join();
        assertThat(monitor.status("console").orElseThrow().messagesPerMinute()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(31));
        assertThat(monitor.status("console").orElseThrow().messagesPerMinute()).isEqualTo(1);
        assertThat(monitor.status("console").orElseThrow().lastSeenMillis())
                .isEqualTo(NOW.plusSeconds(30).toEpochMilli());
    }

    @Test
    void aDuplicateIsAcknowledgedButNotStoredAgainNorHeardAndIsCountedAsADuplicate() throws Exception {
        String sample = map(63);
        assertThat(publish("icu/B1/console", sample).join()).isEqualTo(new Delivery(1, 0, null));
        Delivery again = publish("icu/B1/console", sample).join();
        assertThat(again).isEqualTo(new Delivery(0, 0, null, 1));
        assertThat(again.fullyRejected()).as("acknowledged as any stored message").isFalse();
        assertThat(store.stored()).hasSize(1);
        assertThat(heard).hasSize(1);
        FeedStatus status = monitor.status("console").orElseThrow();
        assertThat(status.duplicates()).isEqualTo(1);
        assertThat(status.rejectedByReason()).as("not a rejection").isEmpty();
        assertThat(status.messagesPerMinute()).isEqualTo(2);
        assertThat(status.samplesPerMinute()).as("samples taken").isEqualTo(1);
        assertThat(meters.counter("ecmo.ingest.duplicates", "feed", "console").count()).isEqualTo(1);
        assertThat(meters.find("ecmo.ingest.rejected").counters()).isEmpty();
        assertThat(deadLetters.latest("console")).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedOnlyOnceItsFirstCopyIsStored() {
        String sample = map(63);
        store.hold();
        CompletableFuture<Delivery> first = publish("icu/B1/console", sample);
        CompletableFuture<Delivery> resent = publish("icu/B1/console", sample);
        assertThat(resent).as("a resend while the first copy waits for the store").isNotDone();
        store.release();
        await().until(() -> first.isDone() && resent.isDone());
        assertThat(resent.join().duplicates()).isEqualTo(1);
        assertThat(store.stored()).hasSize(1);
    }

    @Test
    void aBatchResentWithANewSampleStoresAndTellsOnlyTheNewOne() {
        String a = map(63);
        String b = map(64);
        publish("icu/B1/console", "{\"samples\": [" + a + "]}").join();
        Delivery d = publish("icu/B1/console", "{\"samples\": [" + a + ", " + b + "]}").join();
        assertThat(d).isEqualTo(new Delivery(1, 0, null, 1));
        assertThat(store.stored()).extracting(Sample::value).containsExactly(63.0, 64.0);
        assertThat(heard).extracting(Sample::value).containsExactly(63.0, 64.0);
    }

    @Test
    void aCorrectedLabResultIsStoredAndHeardAndAPreliminaryAfterTheFinalIsNot() {
        publish("icu/B1/lab", lactate("final", 4.2)).join();
        assertThat(publish("icu/B1/lab", lactate("corrected", 2.4)).join().accepted()).isEqualTo(1);
        assertThat(publish("icu/B1/lab", lactate("preliminary", 3.0)).join().duplicates()).isEqualTo(1);
        assertThat(publish("icu/B1/lab", lactate("corrected", 2.4)).join().duplicates()).isEqualTo(1);
        assertThat(heard).extracting(Sample::value).containsExactly(4.2, 2.4);
        assertThat(store.stored()).extracting(Sample::status).containsExactly(LabStatus.FINAL, LabStatus.CORRECTED);
        assertThat(monitor.status("lab").orElseThrow().duplicates()).isEqualTo(2);
    }

    @Test
    void aMessageRefusedWhenTheQueueIsFullIsTakenWhenItIsSentAgain() {
        store.hold();
        List<String> samples = new ArrayList<>();
        List<CompletableFuture<Delivery>> fs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            samples.add(map(61));
            fs.add(publish("icu/B1/console", samples.get(i)));
        }
        // how many the writer took into its held batch depends on thread timing; some of the 30 were refused
        int refused = java.util.stream.IntStream.range(0, fs.size())
                .filter(i -> fs.get(i).isCompletedExceptionally()).findFirst().orElseThrow(() ->
                        new AssertionError("the queue never filled"));
        store.release();
        fs.stream().filter(f -> !f.isCompletedExceptionally()).forEach(CompletableFuture::join);
        clock.advance(Duration.ofMillis(IngestPipeline.REFUSING_SETTLES_MILLIS));
        Delivery resent = publish("icu/B1/console", samples.get(refused)).join();
        assertThat(resent).as("not remembered when refused").isEqualTo(new Delivery(1, 0, null));
        assertThat(monitor.status("console").orElseThrow().duplicates()).isZero();
    }
}
