package dev.superpose.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stack's checkpoint on disk: a {@link StackState} plus the caller's per-instance reported loss,
 * written atomically and verified against its SHA-256 when read.
 *
 * <p>Format, version 1, all numbers little-endian, no padding:
 * <pre>
 *   offset  size        field
 *   0       8           magic "SPCKPT\r\n" (the CR LF exposes text-mode mangling)
 *   8       4  int      version = 1
 *   12      8  long     step
 *   20      4  int      instances I
 *   24      4  int      hidden H
 *   28      4  int      features F
 *   32      4·I·H·F     W        float [I, H, F]
 *           4·I·F       b        float [I, F]
 *           4·I·H·F     Adam m of W, then 4·I·H·F Adam v of W
 *           4·I·F       Adam m of b, then 4·I·F   Adam v of b
 *           8·I         reported loss, double [I]
 *           I           diverged flags, one byte each, 0 or 1
 * </pre>
 * The file's size follows from its header, so truncation is caught before the checksum; the
 * checksum (kept by the caller, e.g. in the database) catches every other corruption.
 */
public final class CheckpointFile {
    private static final byte[] MAGIC = {'S', 'P', 'C', 'K', 'P', 'T', '\r', '\n'};
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES + 3 * Integer.BYTES;

    /** What {@link #write} produced: the SHA-256 (lowercase hex) of the file's bytes, and its size. */
    public record Written(String checksum, long bytes) {
    }

    /** What {@link #read} verified: the state and the reported loss stored with it. */
    public record Contents(StackState state, double[] reportedLoss) {
    }

    private CheckpointFile() {
    }

    /**
     * Writes atomically: a temporary file in the same directory is written, forced to disk and
     * renamed over {@code file}, then the directory is synced (best effort), so {@code file} is
     * always either the old complete checkpoint or the new one. Creates the parent directory.
     *
     * @param reportedLoss opaque per-instance values stored with the state; one per instance
     */
    public static Written write(Path file, StackState state, double[] reportedLoss) throws IOException {
        if (reportedLoss.length != state.instances()) {
            throw new IllegalArgumentException("reportedLoss must hold one value per instance (" + state.instances()
                    + "), got " + reportedLoss.length);
        }
        byte[] bytes = encode(state, reportedLoss);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
        return new Written(sha256(bytes), bytes.length);
    }

    /**
     * Reads and verifies {@code file}: every problem is an {@link IOException} naming the file and
     * what is wrong (missing, truncated or oversized, bad magic, unknown version, checksum
     * mismatch, invalid contents); nothing is returned unless the whole file checks out.
     *
     * @param expectedChecksum the {@link Written#checksum()} recorded when the file was written
     */
    public static Contents read(Path file, String expectedChecksum) throws IOException {
        Objects.requireNonNull(expectedChecksum, "expectedChecksum");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint " + file + ": missing", e);
        }
        String problem = structuralProblem(bytes);
        if (problem != null) {
            throw new IOException("checkpoint " + file + ": " + problem);
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expectedChecksum)) {
            throw new IOException("checkpoint " + file + ": checksum mismatch (expected " + expectedChecksum
                    + ", file has " + actual + ")");
        }
        try {
            return decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + file + ": invalid contents: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(StackState state, double[] reportedLoss) {
        long size = expectedSize(state.instances(), state.hidden(), state.features());
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a checkpoint of " + state.shape() + " would need " + size
                    + " bytes, more than one file buffer holds (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putLong(state.step())
                .putInt(state.instances()).putInt(state.hidden()).putInt(state.features());
        for (float[] values : new float[][]{state.w(), state.b(), state.adamMw(), state.adamVw(), state.adamMb(),
                state.adamVb()}) {
            out.asFloatBuffer().put(values);
            out.position(out.position() + values.length * Float.BYTES);
        }
        out.asDoubleBuffer().put(reportedLoss);
        out.position(out.position() + reportedLoss.length * Double.BYTES);
        for (boolean d : state.diverged()) {
            out.put((byte) (d ? 1 : 0));
        }
        return out.array();
    }

    /** Why {@code bytes} cannot be a version-1 checkpoint, or null if its header and size agree. */
    private static String structuralProblem(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            return "truncated: " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header";
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return "bad magic: not a superpose checkpoint";
        }
        int version = in.getInt();
        if (version != VERSION) {
            return "unsupported version " + version + ", this build reads version " + VERSION;
        }
        in.getLong();
        int instances = in.getInt();
        int hidden = in.getInt();
        int features = in.getInt();
        if (instances < 1 || hidden < 1 || features < 1) {
            return "bad header: instances, hidden and features must be positive, got " + instances + ", " + hidden
                    + ", " + features;
        }
        long expected = expectedSize(instances, hidden, features);
        if (bytes.length != expected) {
            return (bytes.length < expected ? "truncated: " : "wrong size: ") + bytes.length
                    + " bytes, but the header (" + StackState.shape(instances, hidden, features) + ") needs "
                    + expected;
        }
        return null;
    }

    /** Decodes a structurally valid file; {@link StackState} rejects invalid values. */
    private static Contents decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length + Integer.BYTES);
        long step = in.getLong();
        int instances = in.getInt();
        int hidden = in.getInt();
        int features = in.getInt();
        int weights = instances * hidden * features;
        int biases = instances * features;
        float[] w = floats(in, weights);
        float[] b = floats(in, biases);
        float[] mW = floats(in, weights);
        float[] vW = floats(in, weights);
        float[] mB = floats(in, biases);
        float[] vB = floats(in, biases);
        double[] reportedLoss = new double[instances];
        in.asDoubleBuffer().get(reportedLoss);
        in.position(in.position() + instances * Double.BYTES);
        boolean[] diverged = new boolean[instances];
        for (int i = 0; i < instances; i++) {
            byte flag = in.get();
            if (flag != 0 && flag != 1) {
                throw new IllegalArgumentException("diverged flag of instance " + i + " must be 0 or 1, got " + flag);
            }
            diverged[i] = flag == 1;
        }
        return new Contents(new StackState(step, instances, hidden, features, w, b, mW, vW, mB, vB, diverged),
                reportedLoss);
    }

    private static float[] floats(ByteBuffer in, int count) {
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + count * Float.BYTES);
        return values;
    }

    /** The file size a header implies; Long.MAX_VALUE if a corrupt header's dimensions overflow it. */
    private static long expectedSize(int instances, int hidden, int features) {
        try {
            long biases = Math.multiplyExact((long) instances, features);
            long floats = Math.multiplyExact(3, Math.addExact(Math.multiplyExact(biases, hidden), biases));
            return Math.addExact(HEADER_BYTES + (long) (Double.BYTES + 1) * instances,
                    Math.multiplyExact(Float.BYTES, floats));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Makes the rename durable; some file systems cannot open or sync a directory, which is tolerable. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort: the rename is atomic either way, only its durability across a power cut is weaker.
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
