package org.ecmomonitor.app;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.sqlite.SqliteBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily backup ({@code backup_hour_utc}): once a UTC day, at the first {@link #tick()} at or after that hour,
 * unless a backup was already made that day after that hour (a restart does not make another).
 */
final class DailyBackup {
    private static final Logger LOG = LoggerFactory.getLogger(DailyBackup.class);

    private final SqliteBackup backup;
    private final int hourUtc;
    private final Clock clock;
    private LocalDate lastDay;

    DailyBackup(SqliteBackup backup, int hourUtc, Clock clock) {
        if (hourUtc < 0 || hourUtc > 23) {
            throw new IllegalArgumentException("hourUtc must be 0..23, got " + hourUtc);
        }
        this.backup = backup;
        this.hourUtc = hourUtc;
        this.clock = clock;
        this.lastDay = backup.newest().map(this::dayItCounts).orElse(null);
    }

    /** The UTC day whose daily backup a backup made at {@code t} stands for, or null when it stands for none. */
    private LocalDate dayItCounts(Instant t) {
        ZonedDateTime at = t.atZone(ZoneOffset.UTC);
        return at.getHour() >= hourUtc ? at.toLocalDate() : null;
    }

    /** Called every minute or so. */
    void tick() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        if (now.getHour() < hourUtc || today.equals(lastDay)) {
            return;
        }
        lastDay = today;
        try {
            Optional<SqliteBackup.Backup> b = backup.tryRun();
            if (b.isEmpty()) {
                LOG.info("daily backup: one requested by an admin is running, it stands for today's");
            }
        } catch (StoreException e) {
            LOG.error("daily backup failed (next attempt tomorrow; POST /api/admin/backup makes one now): {}",
                    e.getMessage());
        }
    }
}
