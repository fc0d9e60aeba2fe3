package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the TMS stacks share: instance-major x [I, B, F] → h [I, B, H] → pre = h·(decoder) + b
 * [I, B, F] → out = ReLU(pre) or pre, with loss = mean over batch and features of imp·(target − out)²
 * (target x, or |x| for {@link TmsAbsStack}). This holds the shape, the output bias and its
 * gradient; a subclass owns its weight matrices and whatever its pass needs besides (the native
 * path's {@link NativeTmsActivations}, or a plain-Java pass's row buffers).
 * Public so that trainers can drive either stack; only this package can extend it.
 */
public abstract sealed class AbstractTmsStack implements AutoCloseable permits TmsStack, TmsAbsStack {
    final int instances;
    final int features;
    final int hidden;
    final int batch;

    private final INDArray bias;
    private final INDArray gradBias;
    private final InputViewCache inputViews = new InputViewCache();

    final ArrayElements biasView;
    private final ArrayElements gradBiasView;

    AbstractTmsStack(int instances, int features, int hidden, int batch, DataType dataType) {
        if (instances < 1 || features < 1 || hidden < 1 || batch < 1) {
            throw new IllegalArgumentException("stack dimensions must be positive, got instances=" + instances
                    + " features=" + features + " hidden=" + hidden + " batch=" + batch);
        }
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.bias = Nd4j.zeros(dataType, instances, features);
        this.gradBias = Nd4j.zeros(dataType, instances, features);
        this.biasView = ArrayElements.of(bias);
        this.gradBiasView = ArrayElements.of(gradBias);
    }

    public int instances() {
        return instances;
    }

    public int features() {
        return features;
    }

    public int hidden() {
        return hidden;
    }

    public int batch() {
        return batch;
    }

    /** The element view of {@link #gradBias()}, for subclasses' own passes. */
    ArrayElements gradBiasView() {
        return gradBiasView;
    }

    /** b: [I, F], the output bias; updated in place by the optimiser. */
    public INDArray bias() {
        return bias;
    }

    /** dLoss_i/db_i of the latest {@link #lossAndGradients} call: [I, F]. */
    public INDArray gradBias() {
        return gradBias;
    }

    /**
     * Forward and backward pass on {@code x: [I, B, F]}: fills the gradients and writes each
     * instance's loss into {@code lossOut[i]}.
     *
     * @param importance per-instance feature importance, flat [I·F]
     */
    public abstract void lossAndGradients(INDArray x, double[] importance, double[] lossOut);

    /** Bytes of native memory the stack's buffers hold. */
    public long nativeBytes() {
        return NativeArrays.bytes(arrays());
    }

    @Override
    public void close() {
        NativeArrays.close(arrays());
    }

    /** The subclass's own native buffers: its weights, their gradients and any scratch arrays. */
    abstract List<INDArray> ownArrays();

    private List<INDArray> arrays() {
        List<INDArray> arrays = new ArrayList<>(ownArrays());
        arrays.addAll(List.of(bias, gradBias));
        return arrays;
    }

    /** x's element view, once x is checked to be a batch [I, B, F] of the stack's data type. */
    ArrayElements input(INDArray x) {
        long[] shape = {instances, batch, features};
        if (!Arrays.equals(x.shape(), shape) || x.dataType() != bias.dataType()) {
            throw new IllegalArgumentException("x must be " + bias.dataType() + " " + Arrays.toString(shape)
                    + ", got " + x.dataType() + " " + Arrays.toString(x.shape()));
        }
        return inputViews.of(x);
    }

    /** Writes {@code values} as instance {@code i}'s slice of a [I, …] array whose slices hold values.length elements. */
    static void writeInstance(ArrayElements view, int i, float[] values) {
        double[] copy = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            copy[k] = values[k];
        }
        view.write(i * values.length, copy, values.length);
    }

    /** A copy of instance {@code i}'s slice of a [I, …] array whose slices hold {@code length} elements. */
    static float[] readInstance(ArrayElements view, int i, int length) {
        double[] values = new double[length];
        view.read(i * length, values, length);
        float[] copy = new float[length];
        for (int k = 0; k < length; k++) {
            copy[k] = (float) values[k];
        }
        return copy;
    }
}
