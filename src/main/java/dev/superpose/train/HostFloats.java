package dev.superpose.train;

import dev.superpose.model.NamedArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Exact copies between a dense FLOAT INDArray's host memory and a {@code float[]}, for checkpoints. */
final class HostFloats {
    private HostFloats() {
    }

    static float[] copyOf(INDArray array) {
        requireDenseFloat(array);
        float[] out = new float[(int) array.length()];
        array.data().asNioFloat().get(0, out);
        return out;
    }

    /** A copy of {@code array} named {@code name}, with its shape. */
    static NamedArray named(String name, INDArray array) {
        return new NamedArray(name, Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray(), copyOf(array));
    }

    static void copyInto(float[] values, INDArray array) {
        requireDenseFloat(array);
        if (values.length != array.length()) {
            throw new IllegalArgumentException("expected " + array.length() + " values, got " + values.length);
        }
        array.data().asNioFloat().put(0, values);
    }

    private static void requireDenseFloat(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.isView() || array.ordering() != 'c') {
            throw new IllegalArgumentException("expected a dense C-ordered FLOAT array, got " + array.dataType()
                    + (array.isView() ? " view" : "") + " in '" + array.ordering() + "' order");
        }
    }
}
