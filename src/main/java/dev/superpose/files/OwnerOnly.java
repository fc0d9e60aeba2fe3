package dev.superpose.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps a home's {@code results/} and {@code models/} private to the user who runs the sweep: the
 * database, its server address, the lock and the weights are nobody else's business on a shared
 * machine. Directories become {@code rwx------}, files {@code rw-------}. On file systems without
 * POSIX permissions nothing is changed.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} (and missing parents, with default permissions) and makes {@code dir}
     * itself owner-only, also when it already existed with wider permissions.
     */
    public static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
        return dir;
    }

    /** Makes the existing {@code file} owner-only (a file another program created with the default umask). */
    public static void file(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }
}
