package org.ecmomonitor.ingest.sqlite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecmomonitor.ingest.OwnerOnly;
import org.ecmomonitor.ingest.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent copy of the SQLite databases while the monitor runs: {@code VACUUM INTO} (one read transaction per
 * database, so the copy is a snapshot, compacted, without its WAL) into {@code backup/<UTC time>/} under the data
 * folder, files 0600 in a 0700 folder. One at a time; the newest {@code keep} backups are kept.
 */
public final class SqliteBackup {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteBackup.class);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern FOLDER_NAME = Pattern.compile("(\\d{8}T\\d{6}Z)(-\\d{1,6})?");

    /** One database copied: where the copy is and its size. */
    public record Copy(Path path, long bytes) {
    }

    /** A finished backup: its folder and its copies. */
    public record Backup(Path folder, List<Copy> copies) {
        public long bytes() {
            return copies.stream().mapToLong(Copy::bytes).sum();
        }
    }

    private final Path folder;
    private final List<Path> databases;
    private final int keep;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter failures;
    /** Epoch seconds of the last backup that worked; 0 before the first. */
    private final AtomicLong lastSuccess = new AtomicLong();

    /**
     * @param dataDir the data folder; backups go to its {@code backup/}
     * @param databases the database files to copy (monitor.db, and samples.db in embedded mode)
     * @param keep how many backups are kept (the oldest beyond are deleted after each backup)
     * @param meters where {@code ecmo_backup_failures_total} and {@code ecmo_backup_last_success_seconds} go
     */
    public SqliteBackup(Path dataDir, List<Path> databases, int keep, Clock clock, MeterRegistry meters) {
        if (keep < 1 || databases.isEmpty()) {
            throw new IllegalArgumentException("a backup needs a database and keeps at least one copy");
        }
        this.folder = dataDir.resolve("backup");
        this.databases = List.copyOf(databases);
        this.keep = keep;
        this.clock = clock;
        this.failures = Counter.builder("ecmo.backup.failures").description("SQLite backups that failed")
                .register(meters);
        Gauge.builder("ecmo.backup.last.success.seconds", lastSuccess, AtomicLong::get)
                .description("when the last SQLite backup was made, epoch seconds (0: none since start)")
                .register(meters);
    }

    /** Makes a backup; empty when one is already running (nothing is done then). */
    public Optional<Backup> tryRun() throws StoreException {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            Backup b = copyAll();
            lastSuccess.set(clock.instant().getEpochSecond());
            prune();
            return Optional.of(b);
        } catch (StoreException e) {
            failures.increment();
            throw e;
        } finally {
            running.set(false);
        }
    }

    /** Whether a backup is being made now. */
    public boolean running() {
        return running.get();
    }

    /** When the newest backup kept was made, from its folder's name. */
    public Optional<Instant> newest() {
        List<Path> all = backups();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = FOLDER_NAME.matcher(all.get(all.size() - 1).getFileName().toString());
        try {
            return m.matches() ? Optional.of(LocalDateTime.parse(m.group(1), FOLDER).toInstant(ZoneOffset.UTC))
                    : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Backup copyAll() throws StoreException {
        Path target;
        try {
            OwnerOnly.createFolders(folder);
            target = newFolder(FOLDER.format(clock.instant()));
        } catch (IOException e) {
            throw new StoreException("cannot create a backup folder in " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        List<Copy> copies = new ArrayList<>();
        for (Path db : databases) {
            Path copy = target.resolve(db.getFileName());
            try (Connection c = SqliteDatabase.open(db);
                 PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                // VACUUM INTO writes into an empty file as it finds it: made 0600 here first
                OwnerOnly.createFile(copy);
                ps.setString(1, copy.toAbsolutePath().toString());
                ps.execute();
                copies.add(new Copy(copy, Files.size(copy)));
            } catch (SQLException | IOException e) {
                throw new StoreException("backup of " + db.getFileName() + " into " + target + " failed: "
                        + e.getMessage(), e);
            }
        }
        Backup b = new Backup(target, copies);
        LOG.info("backup written to {} ({} bytes)", target, b.bytes());
        return b;
    }

    /** {@code name}, or {@code name-2}, {@code name-3}... when a backup was made in the same second. */
    private Path newFolder(String name) throws IOException {
        for (int i = 1; ; i++) {
            Path p = folder.resolve(i == 1 ? name : name + "-" + i);
            if (!Files.exists(p)) {
                return OwnerOnly.createFolders(p);
            }
        }
    }

    private List<Path> backups() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && FOLDER_NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list backups in {}: {}", folder, e.getMessage());
        }
        out.sort((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString()));
        return out;
    }

    /** By time, then by the same-second suffix as a number. */
    private static int compareNames(String a, String b) {
        Matcher ma = FOLDER_NAME.matcher(a);
        Matcher mb = FOLDER_NAME.matcher(b);
        ma.matches();
        mb.matches();
        int byTime = ma.group(1).compareTo(mb.group(1));
        if (byTime != 0) {
            return byTime;
        }
        return Integer.compare(suffix(ma), suffix(mb));
    }

    private static int suffix(Matcher m) {
        return m.group(2) == null ? 1 : Integer.parseInt(m.group(2).substring(1));
    }

    private void prune() {
        List<Path> all = backups();
        for (int i = 0; i < all.size() - keep; i++) {
            Path old = all.get(i);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(old)) {
                for (Path f : files) {
                    Files.delete(f);
                }
                Files.delete(old);
                LOG.info("old backup {} deleted (keeping the newest {})", old, keep);
            } catch (IOException e) {
                LOG.warn("cannot delete old backup {}: {}", old, e.getMessage());
            }
        }
    }
}
