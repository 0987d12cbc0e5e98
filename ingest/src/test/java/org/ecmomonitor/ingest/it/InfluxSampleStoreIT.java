package org.ecmomonitor.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.ecmomonitor.ingest.TestServers;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real InfluxDB that {@code .ci/run} starts; each test in its own database. */
class InfluxSampleStoreIT {
    @TempDir
    Path dir;

    /** Kept ten years: the samples below have fixed times, which a 30-day retention would expire as they age. */
    private static InfluxConfig freshDatabase() {
        return new InfluxConfig(URI.create(TestServers.influxUrl()), "it_" + UUID.randomUUID().toString()
                .replace("-", ""), null, null, InfluxConfig.DEFAULT_TIMEOUT, java.time.Duration.ofDays(3650));
    }

    @Test
    void writesTheContractsSchemaAndCreatesTheDatabase() throws Exception {
        InfluxConfig cfg = freshDatabase();
        long ts = Instant.parse("2026-11-21T08:00:00.123Z").toEpochMilli();
        try (InfluxSampleStore store = new InfluxSampleStore(cfg, new SimpleMeterRegistry());
             InfluxQueries q = new InfluxQueries(TestServers.influxUrl(), cfg.database())) {
            store.write(List.of(
                    new Sample("B1", "console", Signal.MAP, ts, 63.0, Quality.OK, false, LabStatus.FINAL,
                            Specimen.UNKNOWN, 8.4, "kPa"),
                    Sample.of("B1", "console", Signal.MAP, ts + 1000, 300)));
            assertThat(store.health().up()).isTrue();
            List<List<Object>> rows = q.rows("SELECT \"value\", \"artifact\", \"bed\", \"device\", \"signal\" FROM"
                    + " \"vitals\" WHERE \"bed\" = 'B1' AND \"signal\" = 'map'");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsExactly("2026-11-21T08:00:00.123Z", 63.0, false, "B1", "console", "map");
            assertThat(rows.get(1).get(2)).isEqualTo(true);
            assertThat(q.rows("SHOW TAG KEYS FROM \"vitals\"")).extracting(r -> r.get(0))
                    .containsExactlyInAnyOrder("bed", "device", "signal");
        }
    }

    @Test
    void trendsAreDownsampledInTheStoreWithoutArtifacts() throws Exception {
        InfluxConfig cfg = freshDatabase();
        long t0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
        try (InfluxSampleStore store = new InfluxSampleStore(cfg, new SimpleMeterRegistry())) {
            List<Sample> batch = new ArrayList<>();
            for (int s = 0; s < 120; s++) {
                batch.add(Sample.of("B2", "console", Signal.MAP, t0 + s * 1000L, 60 + s % 10));
            }
            batch.add(Sample.of("B2", "console", Signal.MAP, t0 + 500, 0));
            store.write(batch);
            List<TrendPoint> t = store.trend(new TrendQuery("B2", Signal.MAP, t0, t0 + 180_000, 60_000));
            assertThat(t).extracting(TrendPoint::tMillis).containsExactly(t0, t0 + 60_000);
            assertThat(t).extracting(TrendPoint::n).containsOnly(60L);
            assertThat(t.get(0).min()).isEqualTo(60.0);
            assertThat(t.get(0).max()).isEqualTo(69.0);
            assertThat(t.get(0).mean()).isEqualTo(64.5);
        }
    }

    @Test
    void latestGivesTheNewestSamplePerBedAndSignalWithItsDeviceAndArtifactFlag() throws Exception {
        InfluxConfig cfg = freshDatabase();
        long t0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
        try (InfluxSampleStore store = new InfluxSampleStore(cfg, new SimpleMeterRegistry())) {
            store.write(List.of(Sample.of("B1", "console", Signal.MAP, t0, 61),
                    Sample.of("B1", "console2", Signal.MAP, t0 + 1000, 400),
                    Sample.of("B2", "console", Signal.ECMO_FLOW, t0, 3.8),
                    Sample.of("B2", "console", Signal.ECMO_FLOW, t0 - 60_000, 4.0)));
            assertThat(store.latest(t0 - 1000)).extracting(Sample::bed, Sample::device, Sample::signal, Sample::tsMillis,
                    Sample::value, Sample::artifact).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("B1", "console2", Signal.MAP, t0 + 1000, 400.0, true),
                    org.assertj.core.groups.Tuple.tuple("B2", "console", Signal.ECMO_FLOW, t0, 3.8, false));
        }
    }

    @Test
    void theEndpointStoresAConvertedSampleInInflux() throws Exception {
        InfluxConfig cfg = freshDatabase();
        long ts = Instant.now().minusSeconds(2).toEpochMilli();
        try (IngestHarness ingest = new IngestHarness(dir, new InfluxSampleStore(cfg, new SimpleMeterRegistry()));
             InfluxQueries q = new InfluxQueries(TestServers.influxUrl(), cfg.database())) {
            String url = ingest.startEndpoint();
            try (Publisher gw = new Publisher(url)) {
                gw.publish("icu/B1/console", Publisher.sample("map", ts, 8.4, "kPa"), 1).waitForCompletion(10_000);
            }
            await().until(() -> q.count("B1") == 1);
            assertThat(q.rows("SELECT \"value\" FROM \"vitals\" WHERE \"bed\" = 'B1'").get(0).get(1)).isEqualTo(63.0);
        }
    }

    @Test
    void aServerThatIsNotThereIsAStoreErrorAndDownInHealth() {
        InfluxConfig nowhere = new InfluxConfig(URI.create("http://127.0.0.1:9"), "ecmo", null, null);
        try (InfluxSampleStore store = new InfluxSampleStore(nowhere, new SimpleMeterRegistry())) {
            assertThat(store.health().up()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> store.write(List.of(Sample.of("B1", "c", Signal.MAP, 0, 60))))
                    .isInstanceOf(org.ecmomonitor.ingest.StoreException.class);
        }
    }
}
