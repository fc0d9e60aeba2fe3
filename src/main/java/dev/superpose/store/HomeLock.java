package dev.superpose.store;

import dev.superpose.files.OwnerOnly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run per home: an exclusive OS lock on {@code <home>/results/superpose.lock}, held from
 * {@link #acquire} to {@link #close}. The file names its holder (pid and start time) so that a
 * refused run can say who is in the way. The OS releases the lock when the holder dies, even by
 * kill -9, so a file left behind never blocks the next run.
 */
public final class HomeLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    private HomeLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Takes the lock of {@code home}, creating {@code results/} if needed.
     *
     * @throws HomeInUseException while another process (or another HomeLock of this process) holds it
     */
    public static HomeLock acquire(Path home) {
        Path file = lockFile(home);
        try {
            OwnerOnly.directory(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            OwnerOnly.file(file);
            if (tryLock(channel) == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new HomeInUseException("another superpose run (" + holder + ") is using "
                        + home.toAbsolutePath().normalize() + "; wait for it or use another --home");
            }
            writeHolder(channel);
            return new HomeLock(file, channel);
        } catch (IOException e) {
            throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a run holds the lock of {@code home} now. A lock file left by a killed run is not
     * held (the OS released it with the process). Probing takes the lock for an instant.
     */
    public static boolean isHeld(Path home) {
        Path file = lockFile(home);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            throw new StoreException("cannot probe " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lock file of {@code home}. */
    public static Path lockFile(Path home) {
        return home.toAbsolutePath().normalize().resolve("results").resolve("superpose.lock");
    }

    /** The lock file this lock holds. */
    public Path file() {
        return file;
    }

    /** Releases the lock; the file stays, naming its last holder. Safe to call twice. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lock, or null when another holds it (another process, or this JVM through another channel). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String holder = "pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    /** The holder as written by {@link #writeHolder}, or a placeholder while it is still being written. */
    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        channel.read(buffer, 0);
        String holder = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return holder.isEmpty() ? "pid unknown, just started" : holder;
    }
}
