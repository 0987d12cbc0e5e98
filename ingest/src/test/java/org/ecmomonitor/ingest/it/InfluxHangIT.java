package org.ecmomonitor.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TestServers;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a hung InfluxDB (SIGSTOP) was noticed only after 15 s, and its data was kept forever. Now the store is
 * down within 3 s, up again when the server resumes, and the database's default retention policy follows
 * {@code retention_days}.
 */
class InfluxHangIT {
    @TempDir
    Path dir;

    private static Sample map(long ts) {
        return Sample.of("B1", "console", Signal.MAP, ts, 63);
    }

    @Test
    void aHungServerIsReportedDownWithinThreeSecondsAndUpAgainWhenItResumes() throws Exception {
        ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();
        try (TestServers.ServerProcess influxd = TestServers.startInflux(dir.resolve("influx"))) {
            InfluxConfig cfg = new InfluxConfig(URI.create("http://127.0.0.1:" + influxd.port()), "ecmo", null, null,
                    Duration.ofSeconds(2), Duration.ofDays(30));
            try (InfluxSampleStore store = new InfluxSampleStore(cfg, new SimpleMeterRegistry())) {
                // as Monitor schedules it
                probes.scheduleWithFixedDelay(store::probe, 500, 500, TimeUnit.MILLISECONDS);
                long t = Instant.now().minusSeconds(60).toEpochMilli();
                store.write(List.of(map(t)));
                await().atMost(Duration.ofSeconds(5)).until(() -> store.health().up());

                influxd.pause();
                try {
                    long stopped = System.nanoTime();
                    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                            .until(() -> !store.health().up());
                    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(3));
                    assertThat(store.health().detail()).contains("no answer within 2000 ms");
                    long writing = System.nanoTime();
                    assertThatThrownBy(() -> store.write(List.of(map(t + 1000)))).isInstanceOf(StoreException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - writing)).as("a write to a hung server fails"
                            + " within the timeout").isLessThan(Duration.ofMillis(3500));
                } finally {
                    influxd.resume();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try {
                        store.write(List.of(map(t + 1000)));
                        return true;
                    } catch (StoreException e) {
                        return false;
                    }
                });
                await().atMost(Duration.ofSeconds(3)).until(() -> store.health().up());
            }
        } finally {
            probes.shutdownNow();
        }
    }

    @Test
    void theDatabasesDefaultRetentionPolicyFollowsRetentionDays() throws Exception {
        String url = TestServers.influxUrl();
        String db = "ecmo_rp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (InfluxDB admin = InfluxDBFactory.connect(url)) {
            try (InfluxSampleStore store = new InfluxSampleStore(new InfluxConfig(URI.create(url), db, null, null,
                    Duration.ofSeconds(2), Duration.ofDays(7)), new SimpleMeterRegistry())) {
                store.write(List.of(map(Instant.now().toEpochMilli())));
                assertThat(defaultPolicyDuration(admin, db)).isEqualTo("168h0m0s");
            }
            try (InfluxSampleStore store = new InfluxSampleStore(new InfluxConfig(URI.create(url), db, null, null,
                    Duration.ofSeconds(2), Duration.ofDays(30)), new SimpleMeterRegistry())) {
                store.write(List.of(map(Instant.now().toEpochMilli())));
                assertThat(defaultPolicyDuration(admin, db)).as("altered at the next start").isEqualTo("720h0m0s");
                assertThat(store.latest(Instant.now().minusSeconds(3600).toEpochMilli()))
                        .as("samples written before the change are still read").isNotEmpty();
            }
            admin.query(new Query("DROP DATABASE \"" + db + "\""));
        }
    }

    private static String defaultPolicyDuration(InfluxDB admin, String db) {
        QueryResult r = admin.query(new Query("SHOW RETENTION POLICIES ON \"" + db + "\""));
        QueryResult.Series s = r.getResults().get(0).getSeries().get(0);
        int name = s.getColumns().indexOf("duration");
        int isDefault = s.getColumns().indexOf("default");
        List<List<Object>> defaults = s.getValues().stream().filter(row -> Boolean.TRUE.equals(row.get(isDefault)))
                .toList();
        assertThat(defaults).hasSize(1);
        return (String) defaults.get(0).get(name);
    }
}
