package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NpyFileTest {
    @TempDir
    Path dir;

    /** A version-1 .npy as np.save writes it: header padded with spaces to a multiple of 64 bytes, then '\n'. */
    private Path npy(String name, String header, byte[] data) throws IOException {
        return npy(name, 1, header, data);
    }

    private Path npy(String name, int major, String header, byte[] data) throws IOException {
        int preamble = major == 1 ? 10 : 12;
        StringBuilder padded = new StringBuilder(header);
        while ((preamble + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        byte[] headerBytes = padded.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buffer = ByteBuffer.allocate(preamble + headerBytes.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            buffer.putShort((short) headerBytes.length);
        } else {
            buffer.putInt(headerBytes.length);
        }
        buffer.put(headerBytes).put(data);
        Path file = dir.resolve(name);
        Files.write(file, buffer.array());
        return file;
    }

    private static String header(String descr, String fortranOrder, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + fortranOrder + ", 'shape': " + shape + ", }";
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    private String rejection(Path file) {
        return assertThrows(BadInputException.class, () -> NpyFile.read(file)).getMessage();
    }

    @Test
    void readsFloat32AndFloat64Matrices() throws IOException {
        Activations single = NpyFile.read(npy("f4.npy", header("<f4", "False", "(2, 3)"), floats(1, 2, 3, 4, 5, 6)));
        assertEquals(2, single.rows());
        assertEquals(3, single.dim());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, single.values());

        Activations wide = NpyFile.read(npy("f8.npy", 2, header("<f8", "False", "(3, 1)"), doubles(0.5, -1e-3, 7)));
        assertArrayEquals(new float[]{0.5f, -1e-3f, 7}, wide.values());
    }

    @Test
    void readsMoreThanOneChunk() throws IOException {
        float[] values = new float[700_000];
        for (int k = 0; k < values.length; k++) {
            values[k] = k * 0.25f;
        }
        Activations read = NpyFile.read(npy("big.npy", header("<f4", "False", "(7000, 100)"), floats(values)));
        assertArrayEquals(values, read.values());
    }

    @Test
    void rejectsOtherTypesOrdersAndRanksNamingTheField() throws IOException {
        byte[] six = floats(1, 2, 3, 4, 5, 6);
        Path ints = npy("i8.npy", header("<i8", "False", "(2, 3)"), new byte[48]);
        assertEquals(ints + ": header field 'descr' is '<i8'; expected little-endian float32 '<f4' or float64 '<f8'",
                rejection(ints));
        Path bigEndian = npy("be.npy", header(">f4", "False", "(2, 3)"), six);
        assertEquals(bigEndian + ": header field 'descr' is '>f4'; expected little-endian float32 '<f4' or float64"
                + " '<f8'", rejection(bigEndian));
        Path fortran = npy("f.npy", header("<f4", "True", "(2, 3)"), six);
        assertEquals(fortran + ": header field 'fortran_order' is True; expected False (C order; save"
                + " np.ascontiguousarray(x))", rejection(fortran));
        Path vector = npy("v.npy", header("<f4", "False", "(6,)"), six);
        assertEquals(vector + ": header field 'shape' is (6,); expected 2 dimensions (rows, dim), each at least 1",
                rejection(vector));
        Path cube = npy("c.npy", header("<f4", "False", "(1, 2, 3)"), six);
        assertEquals(cube + ": header field 'shape' is (1, 2, 3); expected 2 dimensions (rows, dim), each at least 1",
                rejection(cube));
        Path noShape = npy("n.npy", "{'descr': '<f4', 'fortran_order': False, }", six);
        assertEquals(noShape + ": the header has no valid 'shape' field", rejection(noShape));
    }

    /** 2^61 + 200 rows of 8 values: the element count wraps around to 1600 in 64-bit arithmetic. */
    @Test
    void rejectsAShapeWhoseProductOverflows() throws IOException {
        long rows = (1L << 61) + 200;
        Path wraps = npy("wraps.npy", header("<f4", "False", "(" + rows + ", 8)"), new byte[200 * 8 * 4]);
        assertEquals(wraps + ": header field 'shape' is (" + rows + ", 8); at most " + (Integer.MAX_VALUE - 8)
                + " values fit in memory as one array", rejection(wraps));
        Path huge = npy("huge.npy", header("<f4", "False", "(" + Long.MAX_VALUE + ", 3)"), new byte[12]);
        assertEquals(huge + ": header field 'shape' is (" + Long.MAX_VALUE + ", 3); at most " + (Integer.MAX_VALUE - 8)
                + " values fit in memory as one array", rejection(huge));
    }

    /** Whatever file source.path names, a message names the field at fault without repeating the file's text. */
    @Test
    void messagesDoNotRepeatTheFilesText() throws IOException {
        Path secretType = npy("s1.npy", header("root:x:0:0:secret", "False", "(1, 1)"), floats(1));
        assertEquals(secretType + ": header field 'descr' is not a NumPy type; expected little-endian float32 '<f4'"
                + " or float64 '<f8'", rejection(secretType));
        Path secretOrder = npy("s2.npy", header("<f4", "hunter2", "(1, 1)"), floats(1));
        assertEquals(secretOrder + ": header field 'fortran_order' is not False; expected False (C order; save"
                + " np.ascontiguousarray(x))", rejection(secretOrder));
        Path secretShape = npy("s3.npy", header("<f4", "False", "(password, 1)"), floats(1));
        assertEquals(secretShape + ": header field 'shape' is not a tuple of integers; expected a tuple of integers",
                rejection(secretShape));
    }

    @Test
    void rejectsTruncatedAndOverlongData() throws IOException {
        Path truncated = npy("t.npy", header("<f4", "False", "(2, 3)"), floats(1, 2, 3, 4, 5));
        assertEquals(truncated + ": shape (2, 3) of <f4 needs 24 data bytes, the file has 20 (truncated)",
                rejection(truncated));
        Path longer = npy("l.npy", header("<f8", "False", "(1, 1)"), doubles(1, 2));
        assertEquals(longer + ": shape (1, 1) of <f8 needs 8 data bytes, the file has 16 (trailing bytes)",
                rejection(longer));
        Path cutHeader = dir.resolve("h.npy");
        byte[] whole = Files.readAllBytes(npy("whole.npy", header("<f4", "False", "(1, 1)"), floats(1)));
        Files.write(cutHeader, Arrays.copyOf(whole, 30));
        assertEquals(cutHeader + ": truncated header (it announces more bytes than the file has)", rejection(cutHeader));
    }

    @Test
    void rejectsOtherFilesAndNonFiniteValues() throws IOException {
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "the 0.1 0.2\nof 0.3 0.4\n");
        assertEquals(text + ": not a NumPy .npy file (it does not start with \\x93NUMPY)", rejection(text));
        Path nan = npy("nan.npy", header("<f4", "False", "(2, 2)"), floats(1, 2, 3, Float.NaN));
        assertEquals(nan + ": row 1, column 1 is NaN; expected finite values (within float32 range)", rejection(nan));
        Path missing = dir.resolve("missing.npy");
        assertEquals(missing + ": no such .npy file", rejection(missing));
    }
}
