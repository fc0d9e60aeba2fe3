package dev.superpose.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one way superpose writes a file that must survive a kill or a power cut (weights,
 * checkpoints, CSV tables, figures, manifests, the database's address and admin files): readers
 * see either the old content or the complete new one, never a half-written file.
 *
 * <p>The content goes to a temporary file in the same directory (a rename is only atomic within
 * one file system), which is forced to disk, renamed over the target, and then the directory is
 * forced too, so that the rename itself survives a power cut. The temporary file, and so the
 * target, is readable by its owner only: the home's results and weights are private to the user
 * who runs the sweep.
 */
public final class AtomicFiles {
    /** Writes the content of one file to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes}, creating missing parent directories. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with what {@code content} writes, creating missing parent directories. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /**
     * Makes a rename or a deletion in {@code dir} durable. Some file systems cannot open or force a
     * directory; there the rename is still atomic, only its durability across a power cut is weaker.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // best effort, see above
        }
    }
}
