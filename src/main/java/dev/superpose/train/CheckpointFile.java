package dev.superpose.train;

import dev.superpose.files.AtomicFiles;
import dev.superpose.model.NamedArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stack's checkpoint on disk: a {@link StackState} plus the caller's per-instance reported loss,
 * written atomically and verified against its SHA-256 when read.
 *
 * <p>Format, version 2, all numbers little-endian, no padding:
 * <pre>
 *   size        field
 *   8           magic "SPCKPT\r\n" (the CR LF exposes text-mode mangling)
 *   4  int      version = 2
 *   8  long     step
 *   4  int      instances I
 *   4  int      array count A
 *   A times:    2 short name length n, n bytes UTF-8 name, 1 byte rank r, 4·r ints shape
 *               (shape[0] = I), then 4·size float values, row-major
 *   8·I         reported loss, double [I]
 *   I           diverged flags, one byte each, 0 or 1
 * </pre>
 * Every length is checked against the bytes that remain before it is used, so truncation and a
 * corrupt header are reported as such; the checksum (kept by the caller, e.g. in the database)
 * catches every other corruption.
 */
public final class CheckpointFile {
    private static final byte[] MAGIC = {'S', 'P', 'C', 'K', 'P', 'T', '\r', '\n'};
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES + 2 * Integer.BYTES;
    private static final int MAX_RANK = 8;

    /** What {@link #write} produced: the SHA-256 (lowercase hex) of the file's bytes, and its size. */
    public record Written(String checksum, long bytes) {
    }

    /** What {@link #read} verified: the state and the reported loss stored with it. */
    public record Contents(StackState state, double[] reportedLoss) {
    }

    private CheckpointFile() {
    }

    /**
     * Writes atomically ({@link AtomicFiles}), so {@code file} is always either the old complete
     * checkpoint or the new one. Creates the parent directory.
     *
     * @param reportedLoss opaque per-instance values stored with the state; one per instance
     */
    public static Written write(Path file, StackState state, double[] reportedLoss) throws IOException {
        return writeBytes(file, encode(state, reportedLoss));
    }

    /**
     * Writes an {@linkplain #encode encoded} checkpoint atomically, as {@link #write} does: how the
     * run node stores a checkpoint shipped from a trainer on another machine.
     */
    public static Written writeBytes(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, bytes);
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint " + file + ": missing", e);
        }
        return decode(bytes, expectedChecksum, file.toString());
    }

    /**
     * Verifies and parses a checkpoint's bytes as {@link #read} does a file's; {@code origin}
     * names where they came from in every error.
     */
    public static Contents decode(byte[] bytes, String expectedChecksum, String origin) throws IOException {
        Objects.requireNonNull(expectedChecksum, "expectedChecksum");
        Parsed parsed;
        try {
            parsed = parse(bytes);
        } catch (Malformed e) {
            throw new IOException("checkpoint " + origin + ": " + e.getMessage());
        }
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expectedChecksum)) {
            throw new IOException("checkpoint " + origin + ": checksum mismatch (expected " + expectedChecksum
                    + ", file has " + actual + ")");
        }
        try {
            return parsed.contents();
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + origin + ": invalid contents: " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint's bytes, in the format above, for {@link #writeBytes} here or on another node.
     *
     * @param reportedLoss opaque per-instance values stored with the state; one per instance
     */
    public static byte[] encode(StackState state, double[] reportedLoss) {
        if (reportedLoss.length != state.instances()) {
            throw new IllegalArgumentException("reportedLoss must hold one value per instance (" + state.instances()
                    + "), got " + reportedLoss.length);
        }
        long size = HEADER_BYTES + (long) (Double.BYTES + 1) * state.instances();
        for (NamedArray array : state.arrays()) {
            size += Short.BYTES + utf8(array.name()).length + 1 + (long) Integer.BYTES * array.rank()
                    + (long) Float.BYTES * array.data().length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a checkpoint of " + state.shape() + " would need " + size
                    + " bytes, more than one file buffer holds (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putLong(state.step()).putInt(state.instances()).putInt(state.arrays().size());
        for (NamedArray array : state.arrays()) {
            byte[] name = utf8(array.name());
            out.putShort((short) name.length).put(name).put((byte) array.rank());
            for (int dim : array.shape()) {
                out.putInt(dim);
            }
            out.asFloatBuffer().put(array.data());
            out.position(out.position() + array.data().length * Float.BYTES);
        }
        out.asDoubleBuffer().put(reportedLoss);
        out.position(out.position() + reportedLoss.length * Double.BYTES);
        for (boolean d : state.diverged()) {
            out.put((byte) (d ? 1 : 0));
        }
        return out.array();
    }

    /** A file whose structure is wrong: truncated, oversized, bad magic or version, impossible header. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A structurally sound file, not yet checked for valid values. */
    private record Parsed(long step, int instances, List<NamedArray> arrays, double[] reportedLoss, byte[] flags) {
        /** @throws IllegalArgumentException for a flag other than 0 or 1, or arrays StackState rejects */
        Contents contents() {
            boolean[] diverged = new boolean[instances];
            for (int i = 0; i < instances; i++) {
                if (flags[i] != 0 && flags[i] != 1) {
                    throw new IllegalArgumentException("diverged flag of instance " + i + " must be 0 or 1, got "
                            + flags[i]);
                }
                diverged[i] = flags[i] == 1;
            }
            return new Contents(new StackState(step, instances, arrays, diverged), reportedLoss);
        }
    }

    /** Walks the file, checking each length against the bytes left before reading what it announces. */
    private static Parsed parse(byte[] bytes) throws Malformed {
        if (bytes.length < HEADER_BYTES) {
            throw new Malformed("truncated: " + bytes.length + " bytes, shorter than the " + HEADER_BYTES
                    + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Malformed("bad magic: not a superpose checkpoint");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new Malformed("unsupported version " + version + ", this build reads version " + VERSION);
        }
        long step = in.getLong();
        int instances = in.getInt();
        int count = in.getInt();
        if (instances < 1 || count < 0) {
            throw new Malformed("bad header: " + instances + " instances and " + count + " arrays");
        }
        List<NamedArray> arrays = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            arrays.add(array(in, k));
        }
        need(in, (long) (Double.BYTES + 1) * instances, "the per-instance losses and flags");
        double[] reportedLoss = new double[instances];
        in.asDoubleBuffer().get(reportedLoss);
        in.position(in.position() + instances * Double.BYTES);
        byte[] flags = new byte[instances];
        in.get(flags);
        if (in.hasRemaining()) {
            throw new Malformed("wrong size: " + bytes.length + " bytes, " + in.remaining()
                    + " more than its contents (" + instances + " instances, " + count + " arrays) need");
        }
        return new Parsed(step, instances, arrays, reportedLoss, flags);
    }

    private static NamedArray array(ByteBuffer in, int index) throws Malformed {
        need(in, Short.BYTES, "array " + index + "'s name");
        int nameLength = in.getShort() & 0xFFFF;
        need(in, nameLength + 1L, "array " + index + "'s name");
        byte[] name = new byte[nameLength];
        in.get(name);
        int rank = in.get();
        if (rank < 1 || rank > MAX_RANK) {
            throw new Malformed("bad header: array " + index + " has rank " + rank);
        }
        need(in, (long) Integer.BYTES * rank, "array " + index + "'s shape");
        int[] shape = new int[rank];
        long size = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = in.getInt();
            if (shape[d] < 0) {
                throw new Malformed("bad header: array " + index + " has a negative dimension");
            }
            size *= shape[d];
            if (size > Integer.MAX_VALUE) {
                throw new Malformed("bad header: array " + index + " is too large");
            }
        }
        String arrayName = new String(name, StandardCharsets.UTF_8);
        need(in, Float.BYTES * size, "array " + arrayName + " " + Arrays.toString(shape));
        float[] values = new float[(int) size];
        in.asFloatBuffer().get(values);
        in.position(in.position() + values.length * Float.BYTES);
        try {
            return new NamedArray(arrayName, shape, values);
        } catch (IllegalArgumentException e) {
            throw new Malformed("bad header: " + e.getMessage());
        }
    }

    private static void need(ByteBuffer in, long bytes, String what) throws Malformed {
        if (in.remaining() < bytes) {
            throw new Malformed("truncated: " + in.limit() + " bytes, but " + what + " at offset " + in.position()
                    + " needs " + bytes + " more");
        }
    }

    private static byte[] utf8(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("array name longer than 65535 bytes: " + name.substring(0, 40) + "…");
        }
        return bytes;
    }

    /** The checksum {@link #read} and {@link #decode} verify: SHA-256, lowercase hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
