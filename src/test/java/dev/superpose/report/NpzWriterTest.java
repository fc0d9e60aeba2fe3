package dev.superpose.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpzWriterTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    private static final float[] W = {1.5f, -2f, 0.25f, 3f, 1e-8f, -0f}; // 2 x 3
    private static final float[] BIAS = {0.1f, -0.2f, 0.3f};
    private static final double[] LOSS = {0.5, 1.0 / 3};

    private Path writeSample() throws IOException {
        Path file = dir.resolve("models/sweep/trial-7.npz");
        NpzWriter.write(file, List.of(
                NpyArray.of("W", new int[]{2, 3}, W),
                NpyArray.of("b_final", new int[]{3}, BIAS),
                NpyArray.of("loss", new int[]{2}, LOSS)));
        return file;
    }

    @Test
    void writesNpyEntriesWithAlignedHeadersAndLittleEndianData() throws IOException {
        Map<String, byte[]> entries = readZip(writeSample());

        assertEquals(List.of("W.npy", "b_final.npy", "loss.npy"), List.copyOf(entries.keySet()));
        ParsedNpy w = ParsedNpy.parse(entries.get("W.npy"));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", w.dict);
        assertArrayEquals(W, w.floats());
        ParsedNpy bias = ParsedNpy.parse(entries.get("b_final.npy"));
        assertTrue(bias.dict.contains("'shape': (3,)"), bias.dict);
        assertArrayEquals(BIAS, bias.floats());
        ParsedNpy loss = ParsedNpy.parse(entries.get("loss.npy"));
        assertTrue(loss.dict.contains("'descr': '<f8'"), loss.dict);
        assertArrayEquals(LOSS, loss.doubles());
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = writeSample();
        NpzWriter.write(file, List.of(NpyArray.of("x", new int[]{}, new float[]{42f})));

        Map<String, byte[]> entries = readZip(file);
        assertEquals(List.of("x.npy"), List.copyOf(entries.keySet()));
        ParsedNpy scalar = ParsedNpy.parse(entries.get("x.npy"));
        assertTrue(scalar.dict.contains("'shape': ()"), scalar.dict);
        assertArrayEquals(new float[]{42f}, scalar.floats());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void rejectsInconsistentShapesAndDuplicateNames() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> NpyArray.of("W", new int[]{2, 2}, new float[3]));
        assertEquals("array W: shape [2, 2] holds 4 values, got 3", shape.getMessage());
        NpyArray a = NpyArray.of("a", new int[]{1}, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> NpzWriter.write(dir.resolve("d.npz"), List.of(a, a)));
        assertTrue(Files.notExists(dir.resolve("d.npz")));
    }

    @Test
    void numpyLoadsWhatWasWritten() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run("import numpy").exitCode == 0,
                "needs /usr/bin/python3 with numpy");
        Path file = writeSample();
        Result result = run("import numpy as np\n"
                + "d = np.load(r'" + file + "')\n"
                + "print(sorted(d.files))\n"
                + "print(d['W'].dtype, d['W'].shape, d['W'][1, 0], d['W'][0, 2])\n"
                + "print(d['b_final'].shape, d['b_final'].tolist())\n"
                + "print(d['loss'].dtype, repr(d['loss'][1]))\n");

        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of(
                "['W', 'b_final', 'loss']",
                "float32 (2, 3) 3.0 0.25",
                "(3,) " + List.of((double) 0.1f, (double) -0.2f, (double) 0.3f),
                "float64 " + (1.0 / 3)), result.output.lines().toList());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        return new Result(process.exitValue(), output);
    }

    private static Map<String, byte[]> readZip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** An independent reader of the .npy 1.0 layout, checking magic, version and alignment. */
    private record ParsedNpy(String dict, ByteBuffer data) {
        static ParsedNpy parse(byte[] bytes) {
            assertArrayEquals(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(bytes, 8));
            int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            int dataStart = 10 + headerLength;
            assertEquals(0, dataStart % 64, "data must start 64-byte aligned");
            String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
            assertTrue(header.endsWith("\n"), "header must end with a newline");
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            return new ParsedNpy(header.strip(), data);
        }

        float[] floats() {
            float[] values = new float[data.remaining() / Float.BYTES];
            data.asFloatBuffer().get(values);
            return values;
        }

        double[] doubles() {
            double[] values = new double[data.remaining() / Double.BYTES];
            data.asDoubleBuffer().get(values);
            return values;
        }
    }
    /** Issue 10, item 7: a weight file may come from anyone; no message repeats an entry's name or header. */
    @Test
    void readErrorsDoNotRepeatWhatTheFileHolds() throws IOException {
        String marker = "QX7ZMARKER";
        List<String> headers = List.of(
                "{'descr': '" + marker + "', 'fortran_order': False, 'shape': (2,), }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 3), }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (31337,), }");
        for (String header : headers) {
            Path file = dir.resolve("hostile.npz");
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new ZipEntry(marker + ".npy"));
                byte[] text = header.getBytes(StandardCharsets.US_ASCII);
                zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, 0});
                zip.write(text);
                zip.write(new byte[8]);
                zip.closeEntry();
            }
            String message = assertThrows(IOException.class, () -> NpzReader.read(file)).getMessage();
            assertTrue(message.startsWith(file + " entry 1: ") && !message.contains(marker)
                    && !message.contains("31337") && !message.contains("99999999999"), message);
        }
    }
}
