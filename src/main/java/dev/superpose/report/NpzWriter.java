package dev.superpose.report;

import dev.superpose.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy .npz files ({@code numpy.load}-able): a zip holding one {@code <name>.npy} per
 * array, each in .npy format version 1.0. The file is replaced atomically.
 */
public final class NpzWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** NumPy aligns the data start (magic + version + length + header) to 64 bytes. */
    private static final int ALIGNMENT = 64;
    /** Version 1.0 stores the header length in an unsigned 16-bit field. */
    private static final int MAX_HEADER_BYTES = 0xFFFF;

    private NpzWriter() {
    }

    /** Writes {@code arrays} into {@code file}; names must be unique. */
    public static void write(Path file, List<NpyArray> arrays) throws IOException {
        Set<String> names = new HashSet<>();
        for (NpyArray array : arrays) {
            if (!names.add(array.name())) {
                throw new IllegalArgumentException("npz " + file + ": duplicate array name " + array.name());
            }
        }
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (NpyArray array : arrays) {
                zip.putNextEntry(new ZipEntry(array.name() + ".npy"));
                writeNpy(array, zip);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Writes one array in .npy format 1.0. */
    static void writeNpy(NpyArray array, OutputStream out) throws IOException {
        out.write(MAGIC);
        byte[] header = header(array);
        out.write(header.length & 0xFF);
        out.write(header.length >>> 8);
        out.write(header);
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(size(array.shape()), array.elementBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        array.putData(data);
        out.write(data.array());
    }

    /** The header dict, padded with spaces and ended by a newline so the data starts 64-byte aligned. */
    static byte[] header(NpyArray array) {
        return header(array.descr(), array.shape(), array.name());
    }

    /**
     * Everything an .npy file holds before its data (magic, version, header length, header) for
     * a C-order array of {@code descr} and {@code shape}: for files whose data is written later,
     * in pieces.
     */
    public static byte[] npyPreamble(String descr, int[] shape) {
        byte[] header = header(descr, shape, "of shape " + Arrays.toString(shape));
        byte[] preamble = Arrays.copyOf(MAGIC, MAGIC.length + 2 + header.length);
        preamble[MAGIC.length] = (byte) (header.length & 0xFF);
        preamble[MAGIC.length + 1] = (byte) (header.length >>> 8);
        System.arraycopy(header, 0, preamble, MAGIC.length + 2, header.length);
        return preamble;
    }

    private static byte[] header(String descr, int[] shape, String label) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + shapeTuple(shape) + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        if (header.length() > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("array " + label + ": shape too long for an .npy 1.0 header");
        }
        return header.getBytes(StandardCharsets.US_ASCII);
    }

    /** Python tuple syntax: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    private static String shapeTuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return tuple.append(")").toString();
    }

    private static int size(int[] shape) {
        int size = 1;
        for (int dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        return size;
    }
}
