package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

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

    /** A view of {@code array}'s storage; writes go straight into the array. */
    static ArrayElements of(INDArray array) {
        if (array.isView() || array.ordering() != 'c') {
            throw new IllegalArgumentException("element access needs a dense C-ordered array, got a view or 'f' order");
        }
        if (array.dataType() == DataType.FLOAT) {
            return new FloatElements(array.data().asNioFloat());
        }
        if (array.dataType() == DataType.DOUBLE) {
            return new DoubleElements(array.data().asNioDouble());
        }
        throw new IllegalArgumentException("element access supports FLOAT and DOUBLE, got " + array.dataType());
    }

    /** FLOAT storage, converted through a float staging block. */
    final class FloatElements implements ArrayElements {
        private final FloatBuffer buffer;
        private float[] staging = new float[0];

        FloatElements(FloatBuffer buffer) {
            this.buffer = buffer;
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
    }
}
