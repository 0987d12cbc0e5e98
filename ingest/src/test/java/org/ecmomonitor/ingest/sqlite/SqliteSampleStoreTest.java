package org.ecmomonitor.ingest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.ingest.LabStatus;
import org.ecmomonitor.ingest.MutableClock;
import org.ecmomonitor.ingest.Quality;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.Specimen;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSampleStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private SqliteSampleStore store;

    @BeforeEach
    void open() throws Exception {
        store = new SqliteSampleStore(dir.resolve("samples.db"), clock, Duration.ofDays(30));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Sample map(long ts, double v) {
        return Sample.of("B1", "console", Signal.MAP, ts, v);
    }

    @Test
    void usesWalJournalAndTheContractsShape() throws Exception {
        store.write(List.of(new Sample("B1", "console", Signal.MAP, T0.toEpochMilli(), 63.0, Quality.OK, false,
                LabStatus.FINAL, Specimen.UNKNOWN, 8.4, "kPa")));
        try (Connection c = SqliteDatabase.open(dir.resolve("samples.db")); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT bed, device, signal, ts, value, artifact, raw_value, raw_unit"
                    + " FROM vitals")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("bed")).isEqualTo("B1");
                assertThat(rs.getString("device")).isEqualTo("console");
                assertThat(rs.getString("signal")).isEqualTo("map");
                assertThat(rs.getLong("ts")).isEqualTo(T0.toEpochMilli());
                assertThat(rs.getDouble("value")).isEqualTo(63.0);
                assertThat(rs.getInt("artifact")).isZero();
                assertThat(rs.getDouble("raw_value")).isEqualTo(8.4);
                assertThat(rs.getString("raw_unit")).isEqualTo("kPa");
            }
        }
    }

    /**
     * Issue 14: after a disk-full commit SQLite had rolled the transaction back by itself, and every later write
     * failed with "cannot commit - no transaction is active" until a restart. {@code max_page_count} on the writing
     * connection makes SQLite answer SQLITE_FULL exactly as a full disk does.
     */
    @Test
    void storesAgainOnceSpaceReturnsWithoutARestart() throws Exception {
        store.write(List.of(map(T0.toEpochMilli(), 60)));
        long pages = pragma(store.writer(), "page_count");
        pragma(store.writer(), "max_page_count = " + pages);
        List<Sample> burst = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            burst.add(map(T0.toEpochMilli() + i * 1000L, 60 + i % 10));
        }
        assertThatThrownBy(() -> store.write(burst)).isInstanceOf(StoreException.class)
                .hasMessageContaining("full");
        assertThatThrownBy(() -> store.write(burst)).hasMessageContaining("full");
        assertThat(store.health().up()).isFalse();

        pragma(store.writer(), "max_page_count = 1073741823");
        store.write(burst);

        assertThat(store.health().up()).isTrue();
        List<TrendPoint> t = store.trend(new TrendQuery("B1", Signal.MAP, T0.toEpochMilli(),
                T0.plusSeconds(1000).toEpochMilli(), 1_000_000));
        assertThat(t).singleElement().extracting(TrendPoint::n).isEqualTo(501L);
        assertThat(store.latest(0)).singleElement().extracting(Sample::tsMillis)
                .isEqualTo(T0.toEpochMilli() + 500_000L);
    }

    private static long pragma(Connection c, String pragma) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void aResentSampleOverwritesItselfInsteadOfDoubling() throws Exception {
        store.write(List.of(map(T0.toEpochMilli(), 63)));
        store.write(List.of(map(T0.toEpochMilli(), 63)));
        List<TrendPoint> t = store.trend(new TrendQuery("B1", Signal.MAP, T0.toEpochMilli(),
                T0.plusSeconds(60).toEpochMilli(), 60_000));
        assertThat(t).singleElement().extracting(TrendPoint::n).isEqualTo(1L);
    }

    @Test
    void bucketsValidSamplesByStepAlignedToTheEpochAndLeavesArtifactsOut() throws Exception {
        long t0 = T0.toEpochMilli();
        List<Sample> batch = new ArrayList<>();
        for (int s = 0; s < 180; s++) {
            batch.add(map(t0 + s * 1000L, 60 + (s % 60) / 10.0));
        }
        batch.add(map(t0 + 500, 300));
        store.write(batch);
        List<TrendPoint> t = store.trend(new TrendQuery("B1", Signal.MAP, t0 - 30_000, t0 + 180_000, 60_000));
        assertThat(t).extracting(TrendPoint::tMillis).containsExactly(t0, t0 + 60_000, t0 + 120_000);
        assertThat(t).extracting(TrendPoint::n).containsOnly(60L);
        assertThat(t.get(0).min()).isEqualTo(60.0);
        assertThat(t.get(0).max()).isEqualTo(65.9);
        assertThat(t.get(0).mean()).isCloseTo(62.95, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void bucketsSamplesBefore1970Correctly() throws Exception {
        long t = Instant.parse("1910-03-01T10:00:30Z").toEpochMilli();
        store.write(List.of(map(t, 70)));
        List<TrendPoint> points = store.trend(new TrendQuery("B1", Signal.MAP, t - 3_600_000, t + 3_600_000, 60_000));
        assertThat(points).singleElement().extracting(TrendPoint::tMillis)
                .isEqualTo(Instant.parse("1910-03-01T10:00:00Z").toEpochMilli());
    }

    @Test
    void retentionDeletesOnlySamplesOlderThanTheLimit() throws Exception {
        long now = T0.toEpochMilli();
        store.write(List.of(map(now - Duration.ofDays(31).toMillis(), 60), map(now - Duration.ofDays(29).toMillis(), 61)));
        store.tick();
        List<TrendPoint> all = store.trend(new TrendQuery("B1", Signal.MAP, now - Duration.ofDays(40).toMillis(), now,
                Duration.ofDays(1).toMillis()));
        assertThat(all).singleElement().extracting(TrendPoint::mean).isEqualTo(61.0);
    }

    @Test
    void latestKeepsTheNewestSamplePerBedAndSignalWhateverTheWriteOrder() throws Exception {
        long t = T0.toEpochMilli();
        store.write(List.of(map(t + 2000, 62), map(t + 1000, 61), Sample.of("B2", "console", Signal.MAP, t, 70)));
        store.write(List.of(map(t, 55)));
        store.write(List.of(Sample.of("B1", "lab", Signal.LACTATE, t - 7_200_000, 3.1),
                Sample.of("B1", "console", Signal.MAP, t + 3000, 400)));
        assertThat(store.latest(t - 1000)).extracting(Sample::bed, Sample::signal, Sample::value, Sample::artifact)
                .containsExactlyInAnyOrder(tuple("B1", Signal.MAP, 400.0, true), tuple("B2", Signal.MAP, 70.0, false));
        assertThat(store.latest(t - 10_000_000)).extracting(Sample::signal).contains(Signal.LACTATE);
    }

    @Test
    void latestIsFilledFromTheHistoryOfAFileWrittenBeforeItExisted() throws Exception {
        store.write(List.of(map(T0.toEpochMilli(), 66)));
        store.close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("samples.db"));
             var st = c.createStatement()) {
            st.execute("DROP TABLE latest");
        }
        store = new SqliteSampleStore(dir.resolve("samples.db"), clock, Duration.ofDays(30));
        assertThat(store.latest(0)).extracting(Sample::value).containsExactly(66.0);
    }

    @Test
    void aCorruptDatabaseFileIsAStoreErrorNotACrash() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("bad.db"), "this is not a database".repeat(100));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SqliteSampleStore(dir.resolve("bad.db"), clock, Duration.ofDays(1)))
                .isInstanceOf(java.sql.SQLException.class);
    }
}
