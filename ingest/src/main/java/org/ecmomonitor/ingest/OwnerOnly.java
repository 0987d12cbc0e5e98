package org.ecmomonitor.ingest;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The monitor's files hold patient data and secrets: every folder it creates is 0700 and every file 0600, whatever
 * the process umask (issue 14: data files were world-readable). On a file system without POSIX permissions the
 * calls fall back to the plain ones.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FILE);
    private static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FOLDER);

    private OwnerOnly() {
    }

    /**
     * Creates {@code folder} and its missing parents, each one created here 0700; folders that exist are left as
     * they are (the operator's choice, e.g. a systemd StateDirectory).
     */
    public static Path createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p, FOLDER_ATTRIBUTE);
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
        return folder;
    }

    /** Creates {@code file} empty with 0600 if it does not exist; makes it 0600 if it does. */
    public static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, FILE_ATTRIBUTE);
        } catch (FileAlreadyExistsException e) {
            restrict(file);
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
        return file;
    }

    /** Makes an existing file 0600 (one made by an older version, or by a library); nothing when it is missing. */
    public static void restrict(Path file) throws IOException {
        if (Files.exists(file)) {
            try {
                Files.setPosixFilePermissions(file, FILE);
            } catch (UnsupportedOperationException e) {
                // no POSIX permissions on this file system: nothing to tighten
            }
        }
    }

    /** The attribute for {@code Files.newByteChannel}/{@code FileChannel.open} with CREATE. */
    public static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return FILE_ATTRIBUTE;
    }
}
