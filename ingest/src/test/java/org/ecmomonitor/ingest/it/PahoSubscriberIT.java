package org.ecmomonitor.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.TestServers;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.ecmomonitor.ingest.paho.BrokerConfig;
import org.ecmomonitor.ingest.paho.PahoSubscriber;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Paho subscriber against real Mosquitto: the one {@code .ci/run} starts, and a private one it restarts. */
class PahoSubscriberIT {
    @TempDir
    Path dir;

    private IngestHarness harness() throws Exception {
        return new IngestHarness(dir, new SqliteSampleStore(dir.resolve("samples.db"), java.time.Clock.systemUTC(),
                Duration.ofDays(30)));
    }

    private PahoSubscriber subscriber(String brokerUrl, IngestHarness ingest) {
        return new PahoSubscriber(new BrokerConfig(URI.create(brokerUrl), List.of("icu/+/+"),
                "ecmo-it-" + UUID.randomUUID(), null, null, dir.resolve("paho")), ingest.pipeline);
    }

    private static long count(IngestHarness ingest, String bed, long t0) throws Exception {
        return ingest.store.trend(new TrendQuery(bed, Signal.MAP, t0 - 60_000, t0 + 3_600_000, 3_600_000)).stream()
                .mapToLong(TrendPoint::n).sum();
    }

    @Test
    void storesWhatDevicesPublishToTheSitesBroker() throws Exception {
        long t0 = Instant.now().minusSeconds(600).toEpochMilli();
        try (IngestHarness ingest = harness(); PahoSubscriber sub = subscriber(TestServers.brokerUrl(), ingest)) {
            sub.start();
            await().until(() -> sub.health().up());
            try (Publisher gw = new Publisher(TestServers.brokerUrl())) {
                for (int i = 0; i < 50; i++) {
                    gw.publishPatiently("icu/B3/console", Publisher.sample("map", t0 + i * 1000L, 66, "mmHg"), 10_000);
                }
                gw.publish("icu/B3/console", "not json", 1).waitForCompletion(5_000);
            }
            await().until(() -> count(ingest, "B3", t0) == 50);
            await().until(() -> !ingest.deadLetters.latest("console").isEmpty());
            assertThat(ingest.deadLetters.latest("console").get(0).source()).isEqualTo("broker");
        }
    }

    /**
     * Publishes one sample at QoS 1 as a simple gateway does, with mosquitto_pub, which exits 0 only once the
     * broker acknowledged it; retried while the broker is away (a resent sample is stored once).
     */
    private static void publishUntilAcknowledged(int port, String topic, String json) {
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port),
                            "-t", topic, "-q", "1", "-i", "gw-it-" + UUID.randomUUID(), "-m", json)
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return p.waitFor() == 0;
                });
    }

    @Test
    void losesNoQos1SampleWhenTheBrokerRestartsMidStream() throws Exception {
        long t0 = Instant.now().minusSeconds(900).toEpochMilli();
        int total = 300;
        try (TestServers.ServerProcess mosquitto = TestServers.startMosquitto(dir.resolve("mosquitto"));
             IngestHarness ingest = harness()) {
            String url = "tcp://127.0.0.1:" + mosquitto.port();
            try (PahoSubscriber sub = subscriber(url, ingest)) {
                sub.start();
                await().until(() -> sub.health().up());
                for (int i = 0; i < total; i++) {
                    if (i == total / 2) {
                        mosquitto.stop();
                        await().until(() -> !sub.health().up());
                        mosquitto.start();
                    }
                    publishUntilAcknowledged(mosquitto.port(), "icu/B4/console",
                            Publisher.sample("map", t0 + i * 1000L, 64, "mmHg"));
                }
                try {
                    await().atMost(Duration.ofSeconds(90)).until(() -> count(ingest, "B4", t0) == total);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("stored " + count(ingest, "B4", t0) + " of " + total
                            + "; subscriber " + sub.health(), e);
                }
                assertThat(sub.health().up()).isTrue();
            }
        }
    }
}
