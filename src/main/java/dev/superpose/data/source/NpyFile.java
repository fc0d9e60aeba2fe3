package dev.superpose.data.source;

import dev.superpose.config.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file of activations: shape [N, d], little-endian float32 or
 * float64, C order (what {@code np.save} writes for such an array on any common machine).
 * Anything else is rejected naming the file and the header field at fault; float64 values are
 * narrowed to float32.
 */
public final class NpyFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** What a NumPy type string looks like ('<f4', '|b1', '>i8'), and a shape tuple's inside: safe to repeat. */
    private static final String DESCR_TOKEN = "[<>|=]?[a-zA-Z][0-9]{0,2}";
    private static final String SHAPE_TOKENS = "[0-9L, ]{0,64}";
    /** Read the data in pieces of this many bytes, so a large file is not held twice. */
    private static final int CHUNK_BYTES = 1 << 20;

    private NpyFile() {
    }

    public static Activations read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such .npy file");
        }
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer preamble = readFully(channel, 12, file, "the .npy preamble");
            byte[] magic = new byte[MAGIC.length];
            preamble.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BadInputException(file + ": not a NumPy .npy file (it does not start with \\x93NUMPY)");
            }
            int major = preamble.get() & 0xFF;
            preamble.get(); // minor version: no version so far changed the layout within a major one
            long headerLength;
            int headerStart;
            if (major == 1) {
                headerLength = preamble.getShort(8) & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                headerLength = preamble.getInt(8) & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw new BadInputException(file + ": a .npy format version other than 1, 2 or 3");
            }
            if (headerStart + headerLength > channel.size()) {
                throw new BadInputException(file + ": truncated header (it announces more bytes than the file has)");
            }
            channel.position(headerStart);
            byte[] headerBytes = new byte[(int) headerLength];
            readFully(channel, headerBytes.length, file, "the .npy header").get(headerBytes);
            String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Layout layout = layout(file, header);
            long expected = (long) layout.rows * layout.dim * layout.elementBytes;
            long found = channel.size() - headerStart - headerLength;
            if (found != expected) {
                throw new BadInputException(file + ": shape (" + layout.rows + ", " + layout.dim + ") of " + layout.descr
                        + " needs " + expected + " data bytes, the file has " + found
                        + (found < expected ? " (truncated)" : " (trailing bytes)"));
            }
            return new Activations(layout.rows, layout.dim, values(channel, layout, file));
        }
    }

    private record Layout(String descr, int elementBytes, int rows, int dim) {
    }

    private static Layout layout(Path file, String header) {
        String descr = field(file, header, DESCR, "descr");
        int elementBytes = switch (descr) {
            case "<f4" -> Float.BYTES;
            case "<f8" -> Double.BYTES;
            default -> throw new BadInputException(file + ": header field 'descr' is " + shown(descr, DESCR_TOKEN)
                    + "; expected little-endian float32 '<f4' or float64 '<f8'");
        };
        String fortranOrder = field(file, header, FORTRAN_ORDER, "fortran_order");
        if (!fortranOrder.equals("False")) {
            throw new BadInputException(file + ": header field 'fortran_order' is "
                    + (fortranOrder.equals("True") ? "True" : "not False")
                    + "; expected False (C order; save np.ascontiguousarray(x))");
        }
        String shapeText = field(file, header, SHAPE, "shape").strip();
        String shown = shapeText.matches(SHAPE_TOKENS) ? "(" + shapeText + ")" : "not a tuple of integers";
        String[] parts = Arrays.stream(shapeText.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        long[] shape = new long[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                shape[k] = Long.parseLong(parts[k].replaceFirst("L$", ""));
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": header field 'shape' is " + shown
                        + "; expected a tuple of integers");
            }
        }
        if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
            throw new BadInputException(file + ": header field 'shape' is " + shown
                    + "; expected 2 dimensions (rows, dim), each at least 1");
        }
        long values;
        try {
            values = Math.multiplyExact(shape[0], shape[1]); // a product that wraps around must not pass for a small one
        } catch (ArithmeticException tooLarge) {
            values = Long.MAX_VALUE;
        }
        if (values <= Integer.MAX_VALUE - 8) {
            return new Layout(descr, elementBytes, (int) shape[0], (int) shape[1]);
        }
        throw new BadInputException(file + ": header field 'shape' is " + shown + "; at most "
                + (Integer.MAX_VALUE - 8) + " values fit in memory as one array");
    }

    /**
     * A header field's text if it has the form such a field can have, else a placeholder: whatever
     * file source.path names, no message repeats its content.
     */
    private static String shown(String value, String form) {
        return value.matches(form) ? "'" + value + "'" : "not a NumPy type";
    }

    private static String field(Path file, String header, Pattern pattern, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new BadInputException(file + ": the header has no valid '" + name + "' field");
        }
        return m.group(1);
    }

    private static float[] values(FileChannel channel, Layout layout, Path file) throws IOException {
        float[] values = new float[layout.rows * layout.dim];
        int perChunk = CHUNK_BYTES / layout.elementBytes;
        for (int start = 0; start < values.length; start += perChunk) {
            int count = Math.min(perChunk, values.length - start);
            ByteBuffer chunk = readFully(channel, count * layout.elementBytes, file, "the data");
            if (layout.elementBytes == Float.BYTES) {
                chunk.asFloatBuffer().get(values, start, count);
            } else {
                for (int k = 0; k < count; k++) {
                    values[start + k] = (float) chunk.getDouble();
                }
            }
        }
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new BadInputException(file + ": row " + k / layout.dim + ", column " + k % layout.dim + " is "
                        + values[k] + "; expected finite values (within float32 range)");
            }
        }
        return values;
    }

    /** Exactly {@code bytes} bytes from the channel's position, little-endian, ready to read. */
    private static ByteBuffer readFully(FileChannel channel, int bytes, Path file, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new BadInputException(file + ": truncated in " + what + " (" + buffer.position() + " of "
                        + bytes + " bytes)");
            }
        }
        return buffer.flip();
    }
}
