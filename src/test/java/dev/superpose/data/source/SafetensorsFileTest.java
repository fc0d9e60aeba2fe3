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
    void anAmbiguousOrMissingTensorIsRefusedNamingTheCandidates() throws IOException {
        Path file = write(List.of(new Tensor("a", new int[]{1, 2}, new float[2]), new Tensor("b", new int[]{2, 1}, new float[2])));

        BadInputException ambiguous = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, null));
        BadInputException missing = assertThrows(BadInputException.class, () -> SafetensorsFile.matrix(file, "c"));
        Files.write(dir.resolve("junk.safetensors"), new byte[]{1, 2, 3});
        BadInputException junk = assertThrows(BadInputException.class,
                () -> SafetensorsFile.matrix(dir.resolve("junk.safetensors"), null));

        assertEquals(file + " has 2 2-D tensors [a, b]; name the one to read in source.tensor", ambiguous.getMessage());
        assertEquals("source.tensor = \"c\": " + file + " has no such tensor (2-D ones: [a, b])", missing.getMessage());
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

        assertTrue(refused.getMessage().contains("has shape [4611686018427387904, 4]; expected [N, d] with N·d at most"),
                refused.getMessage());
    }
}
