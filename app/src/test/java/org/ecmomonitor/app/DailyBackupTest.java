package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.ecmomonitor.ingest.sqlite.SqliteBackup;
import org.ecmomonitor.ingest.sqlite.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup_hour_utc: one backup a UTC day at the first tick from that hour, none again after a restart. */
class DailyBackupTest {
    @TempDir
    Path dir;

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private List<String> backups() throws Exception {
        if (!Files.isDirectory(dir.resolve("backup"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.resolve("backup"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void backsUpOnceADayFromTheHourAndNotAgainAfterARestart() throws Exception {
        Path db = dir.resolve("monitor.db");
        try (Connection c = SqliteDatabase.open(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit (x TEXT)");
        }
        SettableClock clock = new SettableClock(Instant.parse("2026-11-29T01:59:00Z"));
        SqliteBackup backup = new SqliteBackup(dir, List.of(db), 3, clock,
                new SimpleMeterRegistry());
        DailyBackup daily = new DailyBackup(backup, 2, clock);
        daily.tick();
        assertThat(backups()).isEmpty();
        clock.now = Instant.parse("2026-11-29T02:00:30Z");
        daily.tick();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        daily.tick();
        assertThat(backups()).containsExactly("20261129T020030Z");

        DailyBackup restarted = new DailyBackup(backup, 2, clock);
        clock.now = Instant.parse("2026-11-29T23:00:00Z");
        restarted.tick();
        assertThat(backups()).hasSize(1);
        clock.now = Instant.parse("2026-11-30T01:00:00Z");
        restarted.tick();
        assertThat(backups()).hasSize(1);
        for (int day = 0; day < 4; day++) {
            clock.now = Instant.parse("2026-11-30T02:01:00Z").plus(Duration.ofDays(day));
            restarted.tick();
        }
        assertThat(backups()).as("keeps 3").containsExactly("20261201T020100Z", "20261202T020100Z",
                "20261203T020100Z");
    }
}
