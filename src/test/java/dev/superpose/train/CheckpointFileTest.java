package dev.superpose.train;

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
    /** 3 instances of 2x4: header 32 + 4·(3·24 + 3·12) floats + 8·3 loss + 3 flags. */
    private static final int SIZE = 32 + 4 * (3 * 24 + 3 * 12) + 8 * 3 + 3;

    @TempDir
    Path dir;

    /** Random values plus the ones a lossy format would get wrong: NaN, ±∞, −0, subnormals. */
    private static StackState state(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // W, b, Adam m and v of W, Adam m and v of b
        float[][] arrays = {new float[24], new float[12], new float[24], new float[24], new float[12], new float[12]};
        for (float[] values : arrays) {
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) random.nextGaussian();
            }
        }
        arrays[0][8] = Float.NaN;
        arrays[0][9] = Float.POSITIVE_INFINITY;
        arrays[1][0] = -0.0f;
        arrays[3][5] = Float.MIN_VALUE;
        return new StackState(123_456_789_012L, 3, 2, 4, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
                arrays[5], new boolean[]{false, true, false});
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

    /** Cut inside the magic, inside the header, right after it, mid-array and one byte short. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5, 31, 32, 200, SIZE - 1})
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
        assertTrue(e.getMessage().contains("wrong size: " + (SIZE + 1) + " bytes, but the header (3 instances of 2x4"
                + " (hidden x features)) needs " + SIZE), e.getMessage());
    }

    /** A byte in W, in the reported loss and in the diverged flags. */
    @ParameterizedTest
    @ValueSource(ints = {40, SIZE - 10, SIZE - 2})
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

        byte[] version2 = bytes.clone();
        version2[8] = 2;
        Files.write(file, version2);
        e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().endsWith(": unsupported version 2, this build reads version 1"), e.getMessage());
    }

    /** A header whose dimensions would overflow the size arithmetic is a truncated file, not a crash. */
    @Test
    void aHeaderWithAbsurdDimensionsIsRejected() throws IOException {
        Path file = dir.resolve("stack.ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, state(1), REPORTED);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).position(20)
                .putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
        Files.write(file, bytes);

        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, written.checksum()));
        assertTrue(e.getMessage().contains(": truncated: " + SIZE + " bytes, but the header"), e.getMessage());
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
    void aStateWithArraysOfTheWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackState(0, 3, 2, 4, new float[24], new float[12], new float[24], new float[23],
                        new float[12], new float[12], new boolean[3]));
        assertEquals("adamVw must hold 24 values, got 23", e.getMessage());
    }
}
