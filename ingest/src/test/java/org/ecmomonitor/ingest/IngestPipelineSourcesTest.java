package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 2: the pump-shadow finding at the pipeline's edge, where listeners hear samples. */
class IngestPipelineSourcesTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final FlakyStore store = new FlakyStore();
    private final List<Sample> judged = new CopyOnWriteArrayList<>();
    private final List<Sample> notJudged = new CopyOnWriteArrayList<>();
    private final List<SourceNotice> notices = new CopyOnWriteArrayList<>();
    private FeedRegistry feeds;
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        feeds = new FeedRegistry(new InMemoryFeeds());
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        pipeline = new IngestPipeline(clock, feeds, new FeedMonitor(clock, feeds), store, new InMemoryContexts(),
                deadLetters, new IngestConfig(100, 1000, 20), meters);
        pipeline.addListener(new IngestListener() {
            @Override
            public void onSamples(List<Sample> samples, long receivedMillis) {
                judged.addAll(samples);
            }

            @Override
            public void onContext(ContextUpdate update, long receivedMillis) {
            }

            @Override
            public void onOtherSources(List<Sample> samples, List<SourceNotice> n, long receivedMillis) {
                notJudged.addAll(samples);
                notices.addAll(n);
            }
        });
        pipeline.start();
    }

    @AfterEach
    void stop() {
        pipeline.close();
        deadLetters.close();
    }

    private void publish(String device, String signal, double value, String unit) {
        String json = "{\"ts\": " + clock.millis() + ", \"signal\": \"" + signal + "\", \"value\": " + value
                + ", \"unit\": \"" + unit + "\"}";
        pipeline.submit(new InboundMessage("icu/B6/" + device, json.getBytes(StandardCharsets.UTF_8), "mqtt", null,
                false));
        clock.advance(java.time.Duration.ofMillis(333));
    }

    @Test
    void aShadowDeviceIsStoredButOnlyTheConfiguredConsoleIsHeardAsTheBedsValue() {
        feeds.put(new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED, Signal.ECMO_FLOW)));
        for (int i = 0; i < 3; i++) {
            publish("pump-shadow", "ecmo_speed", 3000, "rpm");
            publish("pump-shadow", "ecmo_flow", 4.0, "L/min");
            publish("console-b6", "ecmo_speed", 0, "rpm");
            publish("console-b6", "ecmo_flow", 0.0, "L/min");
        }

        assertThat(judged).extracting(Sample::device).containsOnly("console-b6").hasSize(6);
        assertThat(judged).extracting(Sample::value).containsOnly(0.0);
        assertThat(notJudged).extracting(Sample::device).containsOnly("pump-shadow").hasSize(6);
        assertThat(notices).contains(new SourceNotice("B6", Signal.ECMO_SPEED, "console-b6", "pump-shadow", false),
                new SourceNotice("B6", Signal.ECMO_FLOW, "console-b6", "pump-shadow", false));
        assertThat(meters.get("ecmo.ingest.not.judged").tag("feed", "pump-shadow").counter().count()).isEqualTo(6);
        assertThat(meters.find("ecmo.ingest.not.judged").tag("feed", "console-b6").counter()).isNull();
        await().until(() -> store.stored().size() == 12);
        assertThat(store.stored()).extracting(Sample::device).contains("pump-shadow", "console-b6");
    }
}
