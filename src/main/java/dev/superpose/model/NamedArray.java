package dev.superpose.model;

import java.util.Arrays;

/**
 * A named host copy of a float tensor, row-major: a trial's weight (written to its .npz under
 * {@code name}) or one part of a stack's training state (shape[0] is then the instance axis).
 */
public record NamedArray(String name, int[] shape, float[] data) {
    public NamedArray {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an array needs a name");
        }
        shape = shape.clone();
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    /** "W [20, 100]", for messages. */
    public String describe() {
        return name + " " + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedArray a && name.equals(a.name) && Arrays.equals(shape, a.shape)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return describe();
    }
}
