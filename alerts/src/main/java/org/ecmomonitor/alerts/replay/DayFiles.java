package org.ecmomonitor.alerts.replay;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The recording's folder: one file per UTC day, {@code YYYY-MM-DD.jsonl}. The files hold patient data, so the folder
 * is made readable by its owner only (0700) and each file likewise (0600), where the file system has POSIX
 * permissions; a folder or file that already exists keeps the permissions it has.
 */
final class DayFiles {
    private static final Pattern NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.jsonl");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path folder;
    private final int days;

    /** @param days a day's file is kept while any of its lines is younger than this many days */
    DayFiles(Path folder, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("a recording keeps at least 1 day, got " + days);
        }
        this.folder = folder;
        this.days = days;
    }

    static LocalDate dayOf(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    Path folder() {
        return folder;
    }

    int days() {
        return days;
    }

    Path fileOf(LocalDate day) {
        return folder.resolve(day + ".jsonl");
    }

    void createFolder() throws IOException {
        try {
            Files.createDirectories(folder, OWNER_ONLY_FOLDER);
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(folder);
        }
    }

    /**
     * Deletes the day files whose every line is older than {@code days} days on {@code today} (files of days before
     * {@code today - days}), so the last {@code days} × 24 h are always kept. Other files are left alone.
     *
     * @return the files deleted; the problems met are in {@code problems}
     */
    List<Path> deleteExpired(LocalDate today, List<String> problems) {
        LocalDate oldestKept = today.minusDays(days);
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jsonl")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    continue;
                }
                LocalDate day;
                try {
                    day = LocalDate.parse(name.substring(0, 10));
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (day.isBefore(oldestKept) && Files.isRegularFile(f)) {
                    try {
                        Files.delete(f);
                        deleted.add(f);
                    } catch (IOException e) {
                        problems.add("cannot delete " + f + ": " + e);
                    }
                }
            }
        } catch (IOException e) {
            problems.add("cannot list " + folder + ": " + e);
        }
        return deleted;
    }

    /**
     * Opens a day's file for appending, creating it owner-only. A file whose last line was cut short (the monitor
     * stopped mid-write, or a write failed) gets a newline first, so that the lines appended now stay whole.
     */
    FileOutputStream open(LocalDate day) throws IOException {
        Path file = fileOf(day);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, OWNER_ONLY_FILE);
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by someone else: append to it
            }
        }
        boolean cutShort = endsWithoutNewline(file);
        FileOutputStream out = new FileOutputStream(file.toFile(), true);
        if (cutShort) {
            try {
                out.write('\n');
            } catch (IOException e) {
                out.close();
                throw e;
            }
        }
        return out;
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            if (size == 0) {
                return false;
            }
            f.seek(size - 1);
            return f.read() != '\n';
        }
    }
}
