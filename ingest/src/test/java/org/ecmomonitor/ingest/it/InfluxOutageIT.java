package org.ecmomonitor.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.ingest.TestServers;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB stopped while samples arrive: QoS 1 publishers are not acknowledged and keep their messages, /health
 * says the store is down, writes resume when it returns, and every acknowledged sample is there.
 */
class InfluxOutageIT {
    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostWhileInfluxIsDown() throws Exception {
        try (TestServers.ServerProcess influxd = TestServers.startInflux(dir.resolve("influx"))) {
            String influxUrl = "http://127.0.0.1:" + influxd.port();
            InfluxConfig cfg = new InfluxConfig(URI.create(influxUrl), "ecmo", null, null);
            long t0 = Instant.now().minusSeconds(3600).toEpochMilli();
            try (IngestHarness ingest = new IngestHarness(dir, new InfluxSampleStore(cfg, new SimpleMeterRegistry()));
                 InfluxQueries q = new InfluxQueries(influxUrl, "ecmo");
                 Publisher gw = new Publisher(ingest.startEndpoint())) {
                List<IMqttToken> acked = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    acked.add(gw.publishPatiently("icu/B7/console", Publisher.sample("map", t0 + i * 1000L, 70, "mmHg"),
                            10_000));
                }
                for (IMqttToken t : acked) {
                    t.waitForCompletion(10_000);
                }
                assertThat(q.count("B7")).isEqualTo(100);

                influxd.stop();
                List<IMqttToken> during = new ArrayList<>();
                for (int i = 100; i < 120; i++) {
                    during.add(gw.publish("icu/B7/console", Publisher.sample("map", t0 + i * 1000L, 71, "mmHg"), 1));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> !ingest.pipeline.health().up());
                // the outage lasts a while; no acknowledgement may arrive during it
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> during.stream().noneMatch(IMqttToken::isComplete));
                assertThat(gw.client.isConnected()).isTrue();

                influxd.start();
                for (IMqttToken t : during) {
                    t.waitForCompletion(30_000);
                }
                await().until(() -> ingest.pipeline.health().up());
                assertThat(q.count("B7")).isEqualTo(120);
            }
        }
    }
}
