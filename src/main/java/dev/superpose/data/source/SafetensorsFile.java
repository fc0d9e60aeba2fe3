package dev.superpose.data.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.superpose.config.BadInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face; what {@code safetensors.torch.save_file} writes): an
 * 8-byte little-endian header length, a JSON header mapping each tensor name to its
 * {@code dtype}, {@code shape} and {@code data_offsets} [begin, end) into the data that follows,
 * optionally a {@code __metadata__} map of strings; values little-endian, C order.
 */
public final class SafetensorsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** The header is padded with spaces so the data starts 8-byte aligned, as the reference writer does. */
    private static final int ALIGNMENT = 8;

    private SafetensorsFile() {
    }

    /** A float32 tensor to write. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    /** Writes float32 tensors (in the given order) and string metadata. */
    public static void write(OutputStream out, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, metadata);
        }
        long offset = 0;
        for (Tensor tensor : tensors) {
            long bytes = (long) tensor.values().length * Float.BYTES;
            header.put(tensor.name(), Map.of("dtype", "F32", "shape", tensor.shape(), "data_offsets", new long[]{offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(length.array());
        out.write(json);
        out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
        for (Tensor tensor : tensors) {
            ByteBuffer data = ByteBuffer.allocate(tensor.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(tensor.values());
            out.write(data.array());
        }
    }

    /**
     * Reads one 2-D tensor as activations [N, d]: {@code name}, or the file's only 2-D tensor when
     * {@code name} is null. float32, float64, float16 and bfloat16 are read (narrowed or widened to
     * float32).
     *
     * <p>Error messages name the file, the field and what was expected, and never repeat what the
     * file holds (names, dtype strings, numbers): a path given in a config can point at a file its
     * author may not read, and an error must not show them its bytes. A tensor is named only by the
     * name the config gave.
     *
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static Activations matrix(Path file, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(lengthBytes, 0) != 8) {
                throw new BadInputException(file + ": not a safetensors file (shorter than its 8-byte header length)");
            }
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 1 || headerLength > 100_000_000 || 8 + headerLength > channel.size()) {
                throw new BadInputException(file + ": not a safetensors file (its first 8 bytes are not a header length"
                        + " between 2 and 100,000,000 bytes within the file's " + channel.size() + " bytes)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, 8);
            JsonNode header;
            try {
                header = JSON.readTree(headerBytes.array());
            } catch (IOException e) {
                throw new BadInputException(file + ": not a safetensors file (its header is not JSON)");
            }
            if (header == null || !header.isObject()) {
                throw new BadInputException(file + ": not a safetensors file (its header is not a JSON object)");
            }
            JsonNode entry = header.get(choose(file, header, name));
            String tensor = file + ": " + (name == null ? "the only 2-D tensor" : "tensor \"" + name + "\" (source.tensor)");
            long[] shape = longs(entry, "shape", tensor);
            long[] offsets = longs(entry, "data_offsets", tensor);
            String dtype = entry.path("dtype").asText();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F64" -> 8;
                case "F16", "BF16" -> 2;
                default -> throw new BadInputException(tensor + " has a dtype other than F32, F64, F16 and BF16");
            };
            if (shape.length != 2 || shape[0] < 1 || shape[1] < 1 || !fitsInAnArray(shape[0], shape[1])) {
                throw new BadInputException(tensor + " has a shape other than [N, d] with N, d ≥ 1 and N·d at most "
                        + Integer.MAX_VALUE);
            }
            long bytes = shape[0] * shape[1] * width;
            long dataLength = channel.size() - 8 - headerLength;
            if (offsets.length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != bytes || offsets[1] > dataLength) {
                throw new BadInputException(tensor + " has data_offsets other than [begin, begin + " + bytes
                        + ") within the " + dataLength + " data bytes after the header (N·d values of "
                        + width + " bytes)");
            }
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 8 + headerLength + offsets[0], bytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[(int) (shape[0] * shape[1])];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (dtype) {
                    case "F32" -> data.getFloat();
                    case "F64" -> (float) data.getDouble();
                    case "F16" -> halfToFloat(data.getShort());
                    default -> Float.intBitsToFloat((data.getShort() & 0xFFFF) << 16);
                };
            }
            return new Activations((int) shape[0], (int) shape[1], values);
        }
    }

    /** A header field that must be a list of whole numbers (each fitting a long). */
    private static long[] longs(JsonNode entry, String field, String tensor) {
        JsonNode list = entry.path(field);
        if (!list.isArray()) {
            throw new BadInputException(tensor + " has no " + field + " list");
        }
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = list.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new BadInputException(tensor + ": " + field + "[" + i + "] is not a whole number below 2^63");
            }
            values[i] = value.longValue();
        }
        return values;
    }

    /** IEEE 754 binary16 → float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1.0p-24f; // subnormal (or zero)
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Overflow-checked: a shape such as [2⁶², 4] must not wrap round to a small element count. */
    private static boolean fitsInAnArray(long rows, long columns) {
        try {
            return Math.multiplyExact(rows, columns) <= Integer.MAX_VALUE;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /** The key of the tensor to read; only a name from the config is shown, the file's names are not. */
    private static String choose(Path file, JsonNode header, String name) {
        List<String> matrices = new ArrayList<>();
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (!candidate.equals(METADATA) && header.get(candidate).path("shape").size() == 2) {
                matrices.add(candidate);
            }
        }
        if (name != null) {
            if (!header.has(name) || name.equals(METADATA)) {
                throw new BadInputException("source.tensor = \"" + name + "\": " + file + " has no such tensor (it has "
                        + matrices.size() + " 2-D tensors; a safetensors reader lists their names)");
            }
            return name;
        }
        if (matrices.size() != 1) {
            throw new BadInputException(file + " has " + matrices.size()
                    + " 2-D tensors; name the one to read in source.tensor (a safetensors reader lists their names)");
        }
        return matrices.get(0);
    }
}
