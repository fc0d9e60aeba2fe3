package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Plain-Java access to a dense, C-ordered INDArray's host memory, for fused loops that replace
 * chains of native ops (each native op costs ~5–9 µs and a memory pass). Data moves in blocks
 * between the array and a {@code double[]} work area: one code path serves training (FLOAT) and
 * gradient checks (DOUBLE), and the loops run over heap arrays, which the JIT compiles well
 * (per-element buffer calls through an interface measured ~7× slower). Offsets are flat
 * row-major positions. Not thread-safe: one view per thread.
 */
public interface ArrayElements {
    /** Copies {@code length} elements from position {@code offset} into {@code target[0..length)}. */
    void read(int offset, double[] target, int length);

    /** Copies {@code source[0..length)} into the array at position {@code offset}. */
    void write(int offset, double[] source, int length);

    /**
     * The nonzero elements (NaN kept, ±0 left out) among the {@code length} from position
     * {@code offset}, in order: their positions counted from {@code offset} into
     * {@code positions[start..)}, their values into {@code values[start..)}.
     *
     * @return start plus their count
     */
    int nonzeros(int offset, int length, int[] positions, double[] values, int start);

    /** A view of {@code array}'s storage; writes go straight into the array. */
    static ArrayElements of(INDArray array) {
        if (array.isView() || array.ordering() != 'c') {
            throw new IllegalArgumentException("element access needs a dense C-ordered array, got a view or 'f' order");
        }
        if (array.dataType() == DataType.FLOAT) {
            return new FloatElements(array.data().asNioFloat(), array.data().asNioInt());
        }
        if (array.dataType() == DataType.DOUBLE) {
            return new DoubleElements(array.data().asNioDouble());
        }
        throw new IllegalArgumentException("element access supports FLOAT and DOUBLE, got " + array.dataType());
    }

    /** FLOAT storage, converted through a float staging block. */
    final class FloatElements implements ArrayElements {
        /** Elements whose bits are tested together for a nonzero, before each is tested alone. */
        private static final int SCAN_GROUP = 16;

        private final FloatBuffer buffer;
        /** The same storage as raw bits. */
        private final IntBuffer bits;
        private float[] staging = new float[0];
        private int[] bitStaging = new int[0];

        FloatElements(FloatBuffer buffer, IntBuffer bits) {
            this.buffer = buffer;
            this.bits = bits;
        }

        @Override
        public void read(int offset, double[] target, int length) {
            float[] s = staging(length);
            buffer.get(offset, s, 0, length);
            for (int k = 0; k < length; k++) {
                target[k] = s[k];
            }
        }

        @Override
        public void write(int offset, double[] source, int length) {
            float[] s = staging(length);
            for (int k = 0; k < length; k++) {
                s[k] = (float) source[k];
            }
            buffer.put(offset, s, 0, length);
        }

        private float[] staging(int length) {
            if (staging.length < length) {
                staging = new float[length];
            }
            return staging;
        }

        /**
         * Over the raw bits, a group of {@value #SCAN_GROUP} at a time: the OR of a group's bits
         * shifted past the sign is zero exactly when all its elements are ±0, which on sparse data
         * skips most groups with one test. Measured on 1000-element rows with 1 % nonzeros, in
         * cache: 250 ns per row, against 400 for a test of each element as a float or double.
         */
        @Override
        public int nonzeros(int offset, int length, int[] positions, double[] values, int start) {
            if (bitStaging.length < length) {
                bitStaging = new int[length];
            }
            int[] s = bitStaging;
            bits.get(offset, s, 0, length);
            int n = start;
            int k = 0;
            for (; k + SCAN_GROUP <= length; k += SCAN_GROUP) {
                int any = 0;
                for (int j = k; j < k + SCAN_GROUP; j++) {
                    any |= s[j];
                }
                if (any << 1 != 0) {
                    n = collect(s, k, k + SCAN_GROUP, positions, values, n);
                }
            }
            return collect(s, k, length, positions, values, n);
        }

        private static int collect(int[] s, int from, int to, int[] positions, double[] values, int n) {
            for (int j = from; j < to; j++) {
                if (s[j] << 1 != 0) {
                    positions[n] = j;
                    values[n] = Float.intBitsToFloat(s[j]);
                    n++;
                }
            }
            return n;
        }
    }

    /** DOUBLE storage. */
    final class DoubleElements implements ArrayElements {
        private final DoubleBuffer buffer;

        DoubleElements(DoubleBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void read(int offset, double[] target, int length) {
            buffer.get(offset, target, 0, length);
        }

        @Override
        public void write(int offset, double[] source, int length) {
            buffer.put(offset, source, 0, length);
        }

        @Override
        public int nonzeros(int offset, int length, int[] positions, double[] values, int start) {
            int n = start;
            for (int j = 0; j < length; j++) {
                double v = buffer.get(offset + j);
                if (v != 0) {
                    positions[n] = j;
                    values[n] = v;
                    n++;
                }
            }
            return n;
        }
    }
}
