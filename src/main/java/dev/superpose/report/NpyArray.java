package dev.superpose.report;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One named array of an .npz file: a C-order (row-major) array of float32 or float64 values.
 * Create it with {@link #of(String, int[], float[])} or {@link #of(String, int[], double[])}.
 */
public sealed interface NpyArray permits NpyArray.Float32, NpyArray.Float64 {
    /** The entry name inside the .npz ({@code numpy.load(f)[name]}). */
    String name();

    /** The dimensions, outermost first; an empty shape is a scalar. */
    int[] shape();

    /** NumPy's type string, e.g. {@code <f4} for little-endian float32. */
    String descr();

    int elementBytes();

    /** Puts the values, little-endian, into {@code buffer}. */
    void putData(ByteBuffer buffer);

    static NpyArray of(String name, int[] shape, float[] data) {
        return new Float32(name, shape, data);
    }

    static NpyArray of(String name, int[] shape, double[] data) {
        return new Float64(name, shape, data);
    }

    /** float32 values, written as {@code <f4}. */
    record Float32(String name, int[] shape, float[] data) implements NpyArray {
        public Float32 {
            shape = checkedShape(name, shape, data.length);
        }

        @Override
        public String descr() {
            return "<f4";
        }

        @Override
        public int elementBytes() {
            return Float.BYTES;
        }

        @Override
        public void putData(ByteBuffer buffer) {
            buffer.asFloatBuffer().put(data);
        }
    }

    /** float64 values, written as {@code <f8}. */
    record Float64(String name, int[] shape, double[] data) implements NpyArray {
        public Float64 {
            shape = checkedShape(name, shape, data.length);
        }

        @Override
        public String descr() {
            return "<f8";
        }

        @Override
        public int elementBytes() {
            return Double.BYTES;
        }

        @Override
        public void putData(ByteBuffer buffer) {
            buffer.asDoubleBuffer().put(data);
        }
    }

    /** Checks the name and that the shape holds exactly {@code length} values; returns a private copy. */
    private static int[] checkedShape(String name, int[] shape, int length) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("npy array name must be non-empty without '/', got '" + name + "'");
        }
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("array " + name + ": negative dimension in shape "
                        + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size != length) {
            throw new IllegalArgumentException("array " + name + ": shape " + Arrays.toString(shape) + " holds "
                    + size + " values, got " + length);
        }
        return shape.clone();
    }
}
