package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import dev.superpose.data.source.SafetensorsFile.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private Path write(List<Tensor> tensors) throws IOException {
        Path file = dir.resolve("acts.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            SafetensorsFile.write(out, tensors, Map.of("format", "pt"));
        }
        return file;
    }

    @Test
    void theOnly2dTensorIsReadBackExactly() throws IOException {
        float[] values = {1.5f, -2f, 0.25f, 3f, 1e-8f, -0f};
        Path file = write(List.of(new Tensor("bias", new int[]{3}, new float[3]), new Tensor("acts", new int[]{2, 3}, values)));

        Activations read = SafetensorsFile.matrix(file, null);

        assertEquals(2, read.rows());
        assertEquals(3, read.dim());
        assertArrayEquals(values, read.values());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data starts 8-byte aligned");
    }

    @Test
    void halfAndBfloat16TensorsAreWidened() throws IOException {
        // 1.0, -2.5 and 65504 in binary16; 1.0 and -2.5 in bfloat16
        byte[] f16 = {0x00, 0x3C, 0x00, (byte) 0xC1, (byte) 0xFF, 0x7B, 0x00, 0x00};
        byte[] bf16 = {(byte) 0x80, 0x3F, 0x20, (byte) 0xC0};
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[8,12]}}";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length()).array());
        bytes.write(header.getBytes(StandardCharsets.UTF_8));
        bytes.write(f16);
        bytes.write(bf16);
        Path file = dir.resolve("half.safetensors");
        Files.write(file, bytes.toByteArray());

        assertArrayEquals(new float[]{1f, -2.5f, 65504f, 0f}, SafetensorsFile.matrix(file, "h").values());
        assertArrayEquals(new float[]{1f, -2.5f}, SafetensorsFile.matrix(file, "b").values());
    }

    @Test
    void anAmbiguousOrMissingTensorIsRefusedCountingTheCandidates() throws IOException {
        Path file = write(List.of(new Tensor("a", new int[]{1, 2}, new float[2]), new Tensor("b", new int[]{2, 1}, new float[2])));

        BadInputException ambiguous = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, null));
        BadInputException missing = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, "c"));
        Files.write(dir.resolve("junk.safetensors"), new byte[]{1, 2, 3});
        BadInputException junk = assertThrows(BadInputException.class,
                () -> SafetensorsFile.matrix(dir.resolve("junk.safetensors"), null));

        assertEquals(file + " has 2 2-D tensors; name the one to read in source.tensor (a safetensors reader lists"
                + " their names)", ambiguous.getMessage());
        assertEquals("source.tensor = \"c\": " + file + " has no such tensor (it has 2 2-D tensors; a safetensors"
                + " reader lists their names)", missing.getMessage());
        assertTrue(junk.getMessage().contains("not a safetensors file"), junk.getMessage());
    }

    @Test
    void aShapeWhoseElementCountOverflowsIsRefusedInsteadOfWrappingRound() throws IOException {
        // 2^62 x 4 elements wrap to 0 in long arithmetic, which matched the empty data_offsets [0, 0].
        byte[] header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,0]}}"
                .getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("overflow.safetensors");
        Files.write(file, ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array());

        BadInputException refused = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, null));

        assertEquals(file + ": the only 2-D tensor has a shape other than [N, d] with N, d ≥ 1 and N·d at most "
                + Integer.MAX_VALUE, refused.getMessage());
    }

    /** Text an attacker controls; no error message may repeat it. */
    private static final String MARKER = "QX7ZMARKER";

    private Path withHeader(String name, String json) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve(name);
        Files.write(file, ByteBuffer.allocate(8 + header.length + 16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array());
        return file;
    }

    /**
     * Issue 10, item 7: a path in a config can point at a file its author cannot read, so an error
     * must not show what the file holds. Each hostile header carries the marker where a message
     * used to repeat it: tensor names, the dtype, the shape and data_offsets, and a header length
     * made of text.
     */
    @Test
    void noErrorMessageRepeatsWhatTheFileHolds() throws IOException {
        String tensor = "{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}";
        List<Path> hostile = List.of(
                withHeader("two.safetensors", "{\"a" + MARKER + "\":" + tensor + ",\"b" + MARKER + "\":" + tensor + "}"),
                withHeader("dtype.safetensors", "{\"x\":{\"dtype\":\"" + MARKER + "\",\"shape\":[1,2],\"data_offsets\":[0,8]}}"),
                withHeader("shape.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,\"" + MARKER + "\"],\"data_offsets\":[0,8]}}"),
                withHeader("rank.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                        + "\"y\":{\"dtype\":\"F32\",\"shape\":[-7,2],\"data_offsets\":[0,8]}}"),
                withHeader("offsets.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[\"" + MARKER + "\",8]}}"),
                withHeader("span.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[31337,31345]}}"),
                withHeader("json.safetensors", "{\"x\":" + MARKER + "}"));
        Path text = dir.resolve("text.safetensors");
        Files.writeString(text, MARKER + " is not a header length, and this is not a safetensors file");

        for (Path file : hostile) {
            String message = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, null)).getMessage();
            assertTrue(message.startsWith(file.toString()), message);
            assertTrue(!message.contains(MARKER) && !message.contains("31337") && !message.contains("-7"), message);
        }
        String named = assertThrows(BadInputException.class,
                () -> SafetensorsFile.matrix(hostile.get(3), "y")).getMessage();
        assertEquals(hostile.get(3) + ": tensor \"y\" (source.tensor) has a shape other than [N, d] with N, d ≥ 1 and"
                + " N·d at most " + Integer.MAX_VALUE, named);
        String length = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(text, null)).getMessage();
        long asLength = ByteBuffer.wrap(MARKER.getBytes(StandardCharsets.US_ASCII), 0, 8).order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertTrue(!length.contains(Long.toString(asLength)) && !length.contains(MARKER), length);
    }
}
