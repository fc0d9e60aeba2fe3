package dev.superpose.train;

import dev.superpose.model.NamedArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointFileTest {
    private static final String[] NAMES = {"W", "b", "adam_m.W", "adam_v.W", "adam_m.b", "adam_v.b"};
    private static final int[][] SHAPES = {{3, 2, 4}, {3, 4}, {3, 2, 4}, {3, 2, 4}, {3, 4}, {3, 4}};
    /**
     * Header 28; per array a 2-byte name length, the name, a rank byte, 4 bytes per dimension and
     * 4 per value (W: 3 + 1 + 12 + 96); then 8·3 loss and 3 flags.
     */
    private static final int SIZE = 28 + (3 + 1 + 12 + 96) + (3 + 1 + 8 + 48) + 2 * (3 + 8 + 12 + 96)
            + 2 * (3 + 8 + 8 + 48) + 8 * 3 + 3;

    @TempDir
    Path dir;

    /** Random values plus the ones a lossy format would get wrong: NaN, ±∞, −0, subnormals. */
    private static StackState state(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NamedArray> arrays = new ArrayList<>();
        for (int a = 0; a < NAMES.length; a++) {
            float[] values = new float[Arrays.stream(SHAPES[a]).reduce(1, (x, y) -> x * y)];
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) random.nextGaussian();
            }
            arrays.add(new NamedArray(NAMES[a], SHAPES[a], values));
        }
        arrays.get(0).data()[8] = Float.NaN;
        arrays.get(0).data()[9] = Float.POSITIVE_INFINITY;
        arrays.get(1).data()[0] = -0.0f;
        arrays.get(3).data()[5] = Float.MIN_VALUE;
        return new StackState(123_456_789_012L, 3, arrays, new boolean[]{false, true, false});
    }

    private static final double[] REPORTED = {0.125, Double.NaN, 3e-7};

    @Test
    void aWrittenCheckpointReadsBackIdenticallyAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("models/sweep/stack-7.ckpt");
        StackState state = state(1);
        CheckpointFile.Written written = CheckpointFile.write(file, state, REPORTED);

        byte[] bytes = Files.readAllBytes(file);
        assertEquals(SIZE, written.bytes());
        assertEquals(SIZE, bytes.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), written.checksum());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }

        CheckpointFile.Contents contents = CheckpointFile.read(file, written.checksum());
        ExactResumeTest.assertStatesIdentical(state, contents.state());
        assertArrayEquals(REPORTED, contents.reportedLoss());
    }

    @Test
    void rewritingReplacesTheOldCheckpointWhoseChecksumNoLongerMatches() throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written old = CheckpointFile.write(file, state(1), REPORTED);
        CheckpointFile.Written latest = CheckpointFile.write(file, state(2), REPORTED);

        ExactResumeTest.assertStatesIdentical(state(2), CheckpointFile.read(file, latest.checksum()).state());
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, old.checksum()));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** Cut inside the magic, inside the header, right after it, inside a name, mid-array and one byte short. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5, 27, 28, 30, 200, SIZE - 1})
    void aTruncatedFileIsRejected(int length) throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), length));

        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().startsWith("checkpoint " + file + ": truncated: " + length + " bytes"),
                e.getMessage());
    }

    @Test
    void aFileWithExtraBytesIsRejected() throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), SIZE + 1));

        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().contains("wrong size: " + (SIZE + 1) + " bytes, 1 more than its contents"
                + " (3 instances, 6 arrays) need"), e.getMessage());
    }

    /** A byte in W's values (which start at 44), in the reported loss and in the diverged flags. */
    @ParameterizedTest
    @ValueSource(ints = {60, SIZE - 10, SIZE - 2})
    void aFlippedByteFailsTheChecksum(int position) throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x10;
        Files.write(file, bytes);

        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void aForeignFileOrAnotherVersionIsNamedAsSuch() throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        byte[] bytes = Files.readAllBytes(file);

        byte[] foreign = bytes.clone();
        foreign[0] = 'X';
        Files.write(file, foreign);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().endsWith(": bad magic: not a superpose checkpoint"), e.getMessage());

        byte[] version1 = bytes.clone();
        version1[8] = 1;
        Files.write(file, version1);
        e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().endsWith(": unsupported version 1, this build reads version 2"), e.getMessage());
    }

    /** Dimensions that would overflow the size arithmetic, or announce more than the file holds, are named. */
    @Test
    void aHeaderWithAbsurdDimensionsIsRejected() throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        byte[] bytes = Files.readAllBytes(file);
        // W's shape starts at 28 + 2 (name length) + 1 (name) + 1 (rank)
        byte[] overflowing = bytes.clone();
        ByteBuffer.wrap(overflowing).order(ByteOrder.LITTLE_ENDIAN).position(32)
                .putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
        Files.write(file, overflowing);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().endsWith(": bad header: array 0 is too large"), e.getMessage());

        byte[] tooManyInstances = bytes.clone();
        ByteBuffer.wrap(tooManyInstances).order(ByteOrder.LITTLE_ENDIAN).position(20).putInt(Integer.MAX_VALUE);
        Files.write(file, tooManyInstances);
        e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().contains(": truncated: " + SIZE + " bytes, but the per-instance losses and flags"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsReportedAsMissing() {
        Path file = dir.resolve("never-written.ckpt");
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, "00"));
        assertEquals("checkpoint " + file + ": missing", e.getMessage());
    }

    @Test
    void theReportedLossNeedsOneValuePerInstance() {
        Path file = dir.resolve("stack.ckpt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointFile.write(file, state(1), new double[2]));
        assertEquals("reportedLoss must hold one value per instance (3), got 2", e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void aStateWhoseArraysDoNotStartWithTheInstancesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackState(0, 3, List.of(new NamedArray("W", new int[]{2, 4}, new float[8])),
                        new boolean[3]));
        assertEquals("array W [2, 4] must have 3 instances on its first axis", e.getMessage());
    }
}
