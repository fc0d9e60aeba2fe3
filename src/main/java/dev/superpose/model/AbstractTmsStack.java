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
 * (target x, or |x| for {@link TmsAbsStack}). This holds the output bias, its gradient, the
 * activation buffers and the cache-sized work blocks, and runs the fused element-wise passes over
 * them; a subclass owns its weight matrices and the matrix products between the passes.
 * Public so that trainers can drive either stack; only this package can extend it.
 */
public abstract sealed class AbstractTmsStack implements AutoCloseable permits TmsStack, TmsAbsStack {
    private static final int BLOCK_ELEMENTS = 4096;

    final int instances;
    final int features;
    final int hidden;
    final int batch;
    /** Whether out = ReLU(pre) rather than pre. */
    private final boolean outputRelu;
    /** Whether the target is |x| rather than x. */
    private final boolean absTarget;

    private final INDArray bias;
    private final INDArray gradBias;
    /** z, then h in place. */
    final INDArray hiddenAct;
    /** pre-activation without the bias, overwritten in place by dPre. */
    final INDArray outputGrad;
    /** dh, then dz in place. */
    final INDArray gradHidden;
    private final InputViewCache inputViews = new InputViewCache();

    final ArrayElements biasView;
    private final ArrayElements gradBiasView;
    private final ArrayElements hiddenView;
    private final ArrayElements outputGradView;
    private final ArrayElements gradHiddenView;
    /** Work areas of the fused passes: a whole number of rows, ~32 KiB, cache-resident. */
    private final double[] blockA;
    private final double[] blockB;
    private final double[] biasRow;
    private final double[] importanceRow;
    private final double[] gradBiasRow;
    /** Per-feature loss sums: independent accumulators, no loop-carried add chain. */
    private final double[] lossRow;

    AbstractTmsStack(int instances, int features, int hidden, int batch, DataType dataType, boolean outputRelu,
                     boolean absTarget) {
        if (instances < 1 || features < 1 || hidden < 1 || batch < 1) {
            throw new IllegalArgumentException("stack dimensions must be positive, got instances=" + instances
                    + " features=" + features + " hidden=" + hidden + " batch=" + batch);
        }
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.outputRelu = outputRelu;
        this.absTarget = absTarget;
        this.bias = Nd4j.zeros(dataType, instances, features);
        this.gradBias = Nd4j.zeros(dataType, instances, features);
        this.hiddenAct = Nd4j.zeros(dataType, instances, batch, hidden);
        this.outputGrad = Nd4j.zeros(dataType, instances, batch, features);
        this.gradHidden = Nd4j.zeros(dataType, instances, batch, hidden);
        this.biasView = ArrayElements.of(bias);
        this.gradBiasView = ArrayElements.of(gradBias);
        this.hiddenView = ArrayElements.of(hiddenAct);
        this.outputGradView = ArrayElements.of(outputGrad);
        this.gradHiddenView = ArrayElements.of(gradHidden);
        int blockLength = Math.max(1, BLOCK_ELEMENTS / features) * features;
        this.blockA = new double[blockLength];
        this.blockB = new double[blockLength];
        this.biasRow = new double[features];
        this.importanceRow = new double[features];
        this.gradBiasRow = new double[features];
        this.lossRow = new double[features];
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
        arrays.addAll(List.of(bias, gradBias, hiddenAct, outputGrad, gradHidden));
        return arrays;
    }

    /** x's element view, once x is checked to be a batch [I, B, F] of the stack's data type. */
    ArrayElements input(INDArray x) {
        if (!Arrays.equals(x.shape(), outputGrad.shape()) || x.dataType() != bias.dataType()) {
            throw new IllegalArgumentException("x must be " + bias.dataType() + " " + Arrays.toString(outputGrad.shape())
                    + ", got " + x.dataType() + " " + Arrays.toString(x.shape()));
        }
        return inputViews.of(x);
    }

    /** pre (in outputGrad) → loss, dPre (in place) and db, in one pass over row blocks. */
    void outputLossAndGrad(ArrayElements xView, double[] importance, double[] lossOut) {
        // All-ones where the output is linear, so the sign mask below lets every value through.
        long linearMask = outputRelu ? 0L : -1L;
        double scale = 2.0 / ((double) batch * features);
        int rowsPerBlock = blockA.length / features;
        for (int i = 0; i < instances; i++) {
            biasView.read(i * features, biasRow, features);
            System.arraycopy(importance, i * features, importanceRow, 0, features);
            Arrays.fill(gradBiasRow, 0);
            Arrays.fill(lossRow, 0);
            for (int s0 = 0; s0 < batch; s0 += rowsPerBlock) {
                int rows = Math.min(rowsPerBlock, batch - s0);
                int offset = (i * batch + s0) * features;
                outputGradView.read(offset, blockA, rows * features);
                xView.read(offset, blockB, rows * features);
                if (absTarget) {
                    // A separate in-cache pass keeps the fused loop below the same for every target.
                    for (int k = 0; k < rows * features; k++) {
                        blockB[k] = Math.abs(blockB[k]);
                    }
                }
                for (int k = 0, r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++, k++) {
                        // Branch-free ReLU: pre's sign is a coin flip, and a mispredicted branch
                        // (C2 compiles double selects to jumps) cost ~5 ns per element here.
                        double pre = blockA[k] + biasRow[f];
                        long keep = ~(Double.doubleToRawLongBits(pre) >> 63) | linearMask;
                        double out = Double.longBitsToDouble(Double.doubleToRawLongBits(pre) & keep);
                        double err = out - blockB[k];
                        double d = Double.longBitsToDouble(Double.doubleToRawLongBits(scale * importanceRow[f] * err) & keep);
                        lossRow[f] += importanceRow[f] * err * err;
                        gradBiasRow[f] += d;
                        blockA[k] = d;
                    }
                }
                outputGradView.write(offset, blockA, rows * features);
            }
            double sum = 0;
            for (int f = 0; f < features; f++) {
                sum += lossRow[f];
            }
            gradBiasView.write(i * features, gradBiasRow, features);
            lossOut[i] = sum / ((double) batch * features);
        }
    }

    /** h = ReLU(z), in place in hiddenAct. */
    void reluHiddenInPlace() {
        int n = instances * batch * hidden;
        for (int offset = 0; offset < n; offset += blockA.length) {
            int len = Math.min(blockA.length, n - offset);
            hiddenView.read(offset, blockA, len);
            for (int k = 0; k < len; k++) {
                blockA[k] = Math.max(blockA[k], 0);
            }
            hiddenView.write(offset, blockA, len);
        }
    }

    /** dz = dh·[h &gt; 0] in place in gradHidden; h = ReLU(z), so h &gt; 0 exactly where z &gt; 0. */
    void maskGradHiddenByPositiveHidden() {
        int n = instances * batch * hidden;
        for (int offset = 0; offset < n; offset += blockA.length) {
            int len = Math.min(blockA.length, n - offset);
            gradHiddenView.read(offset, blockA, len);
            hiddenView.read(offset, blockB, len);
            for (int k = 0; k < len; k++) {
                blockA[k] = blockB[k] > 0 ? blockA[k] : 0;
            }
            gradHiddenView.write(offset, blockA, len);
        }
    }

    /** target += addend over the first {@code n} elements of two same-shaped arrays. */
    void addInPlace(ArrayElements target, ArrayElements addend, int n) {
        for (int offset = 0; offset < n; offset += blockA.length) {
            int len = Math.min(blockA.length, n - offset);
            target.read(offset, blockA, len);
            addend.read(offset, blockB, len);
            for (int k = 0; k < len; k++) {
                blockA[k] += blockB[k];
            }
            target.write(offset, blockA, len);
        }
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
