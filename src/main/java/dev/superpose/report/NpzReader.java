package dev.superpose.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the .npz files superpose writes (and NumPy's own {@code np.savez} of little-endian
 * float32/float64 C-order arrays). Anything else is rejected with the file and entry at fault.
 */
public final class NpzReader {
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '(<f4|<f8)', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), }\\s*");

    private NpzReader() {
    }

    /** The arrays of {@code file} by name (without the {@code .npy} suffix), in file order. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int index = 0;
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName().replaceFirst("\\.npy$", "");
                // messages name the entry by its place, not its name: the file may come from anyone
                String where = file + " entry " + ++index;
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(name, readNpy(name, in.readAllBytes(), where));
                }
            }
        }
        return arrays;
    }

    private static NpyArray readNpy(String name, byte[] bytes, String where) throws IOException {
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || bytes[1] != 'N' || bytes[6] != 1) {
            throw new IOException(where + ": not a NumPy .npy (version 1.0) array");
        }
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        if (10 + headerLength > bytes.length) {
            throw new IOException(where + ": truncated header");
        }
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IOException(where + ": its .npy header is not that of a little-endian float32/float64"
                    + " C-order array");
        }
        boolean single = m.group(1).equals("<f4");
        int[] shape;
        int count;
        int dataBytes;
        try {
            shape = Arrays.stream(m.group(2).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            dataBytes = Math.multiplyExact(count, single ? 4 : 8);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new IOException(where + ": its shape holds more values than fit in one array");
        }
        if (10 + headerLength + dataBytes != bytes.length) {
            throw new IOException(where + ": expected " + dataBytes + " data bytes for its shape, found "
                    + (bytes.length - 10 - headerLength));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (single) {
            float[] values = new float[count];
            data.asFloatBuffer().get(values);
            return NpyArray.of(name, shape, values);
        }
        double[] values = new double[count];
        data.asDoubleBuffer().get(values);
        return NpyArray.of(name, shape, values);
    }
}
