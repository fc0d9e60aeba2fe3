package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * A stack of computation-in-superposition models (experiment {@code tms-abs}, Elhage et al. 2022):
 * a ReLU hidden layer learning |x| for sparse signed x, held instance-major in rank-3 arrays
 * ({@code W1: [I, H, F]}, {@code W2: [I, F, H]}, {@code b: [I, F]}) with hand-written batched
 * gradients.
 *
 * <p>Per instance, with x: [B, F] and importance imp: [F]:
 * <pre>
 *   z = x·W1ᵀ            h = ReLU(z)            pre = h·W2ᵀ + b          y = ReLU(pre)
 *   loss = mean over batch and features of imp·(y − |x|)²     (the TMS loss, target |x|)
 *   dPre = 2/(B·F)·imp·(y − |x|)·[pre &gt; 0]     db = Σ_batch dPre     dW2 = dPreᵀ·h
 *   dz = (dPre·W2)·[z &gt; 0]                      dW1 = dzᵀ·x
 * </pre>
 * The five matrix products are batched ND4J matmuls into preallocated outputs; every element-wise
 * step is one fused Java pass over cache-sized blocks (native ops cost ~5–16 µs each even on tiny
 * arrays). Nothing native is allocated per step, and instances never mix: each one's gradient
 * depends only on its own rows.
 */
public final class TmsAbsStack implements AutoCloseable {
    /** The names of a trial's arrays (its .npz and checkpoints): W1 [H, F], W2 [F, H], b_final [F]. */
    public static final String W1 = "W1";
    public static final String W2 = "W2";
    public static final String BIAS = "b_final";
    private static final int BLOCK_ELEMENTS = 4096;

    private final int instances;
    private final int features;
    private final int hidden;
    private final int batch;

    private final INDArray w1;
    private final INDArray w2;
    private final INDArray bias;
    private final INDArray gradW1;
    private final INDArray gradW2;
    private final INDArray gradBias;
    /** z, then h in place. */
    private final INDArray hiddenAct;
    /** pre-activation h·W2ᵀ, overwritten in place by dPre. */
    private final INDArray outputGrad;
    /** dh, then dz in place. */
    private final INDArray gradHidden;
    private final InputViewCache inputViews = new InputViewCache();

    private final ArrayElements w1View;
    private final ArrayElements w2View;
    private final ArrayElements biasView;
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

    public TmsAbsStack(int instances, int features, int hidden, int batch, DataType dataType) {
        if (instances < 1 || features < 1 || hidden < 1 || batch < 1) {
            throw new IllegalArgumentException("stack dimensions must be positive, got instances=" + instances
                    + " features=" + features + " hidden=" + hidden + " batch=" + batch);
        }
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.w1 = Nd4j.zeros(dataType, instances, hidden, features);
        this.w2 = Nd4j.zeros(dataType, instances, features, hidden);
        this.bias = Nd4j.zeros(dataType, instances, features);
        this.gradW1 = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradW2 = Nd4j.zeros(dataType, instances, features, hidden);
        this.gradBias = Nd4j.zeros(dataType, instances, features);
        this.hiddenAct = Nd4j.zeros(dataType, instances, batch, hidden);
        this.outputGrad = Nd4j.zeros(dataType, instances, batch, features);
        this.gradHidden = Nd4j.zeros(dataType, instances, batch, hidden);
        this.w1View = ArrayElements.of(w1);
        this.w2View = ArrayElements.of(w2);
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

    /** W1: [I, H, F], the input layer; updated in place by the optimiser. */
    public INDArray w1() {
        return w1;
    }

    /** W2: [I, F, H], the output layer; updated in place by the optimiser. */
    public INDArray w2() {
        return w2;
    }

    /** b: [I, F], the output bias; updated in place by the optimiser. */
    public INDArray bias() {
        return bias;
    }

    /** dLoss_i/dW1_i of the latest {@link #lossAndGradients} call: [I, H, F]. */
    public INDArray gradW1() {
        return gradW1;
    }

    /** dLoss_i/dW2_i of the latest {@link #lossAndGradients} call: [I, F, H]. */
    public INDArray gradW2() {
        return gradW2;
    }

    /** dLoss_i/db_i of the latest {@link #lossAndGradients} call: [I, F]. */
    public INDArray gradBias() {
        return gradBias;
    }

    /** Sets instance {@code i}'s parameters from {@code weights}' W1 [H, F], W2 [F, H] and b_final [F]. */
    public void load(int i, TrialWeights weights) {
        write(w1View, i, weights.get(W1), hidden, features);
        write(w2View, i, weights.get(W2), features, hidden);
        write(biasView, i, weights.get(BIAS), features);
    }

    /** A copy of instance {@code i}'s parameters: W1 [H, F], W2 [F, H], b_final [F]. */
    public TrialWeights weights(int i) {
        return TrialWeights.of(read(w1View, i, W1, hidden, features), read(w2View, i, W2, features, hidden),
                read(biasView, i, BIAS, features));
    }

    private static void write(ArrayElements view, int i, NamedArray array, int... shape) {
        if (!Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException(array.name() + " must be " + Arrays.toString(shape) + ", got "
                    + array.describe());
        }
        float[] data = array.data();
        double[] values = new double[data.length];
        for (int k = 0; k < data.length; k++) {
            values[k] = data[k];
        }
        view.write(i * data.length, values, data.length);
    }

    private static NamedArray read(ArrayElements view, int i, String name, int... shape) {
        int length = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[length];
        view.read(i * length, values, length);
        float[] data = new float[length];
        for (int k = 0; k < length; k++) {
            data[k] = (float) values[k];
        }
        return new NamedArray(name, shape, data);
    }

    /**
     * Forward and backward pass on {@code x: [I, B, F]}: fills the gradients and writes each
     * instance's loss into {@code lossOut[i]}.
     *
     * @param importance per-instance feature importance, flat [I·F]
     */
    public void lossAndGradients(INDArray x, double[] importance, double[] lossOut) {
        if (!Arrays.equals(x.shape(), outputGrad.shape()) || x.dataType() != w1.dataType()) {
            throw new IllegalArgumentException("x must be " + w1.dataType() + " " + Arrays.toString(outputGrad.shape())
                    + ", got " + x.dataType() + " " + Arrays.toString(x.shape()));
        }
        Nd4j.matmul(x, w1, hiddenAct, false, true, false);
        reluInPlace();
        Nd4j.matmul(hiddenAct, w2, outputGrad, false, true, false);
        outputLossAndGrad(inputViews.of(x), importance, lossOut);
        Nd4j.matmul(outputGrad, hiddenAct, gradW2, true, false, false);
        Nd4j.matmul(outputGrad, w2, gradHidden, false, false, false);
        maskByPositiveHidden();
        Nd4j.matmul(gradHidden, x, gradW1, true, false, false);
    }

    /** pre (in outputGrad) → loss, dPre (in place) and db, in one pass over row blocks. */
    private void outputLossAndGrad(ArrayElements xView, double[] importance, double[] lossOut) {
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
                for (int k = 0, r = 0; r < rows; r++) {
                    for (int f = 0; f < features; f++, k++) {
                        // Branch-free ReLU through the sign bit, as in TmsStack: pre's sign is a
                        // coin flip, and a mispredicted branch costs more than the bit work.
                        double pre = blockA[k] + biasRow[f];
                        long keep = ~(Double.doubleToRawLongBits(pre) >> 63);
                        double out = Double.longBitsToDouble(Double.doubleToRawLongBits(pre) & keep);
                        double err = out - Math.abs(blockB[k]);
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

    private void reluInPlace() {
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

    /** dz = dh·[h &gt; 0]; h = ReLU(z), so h &gt; 0 exactly where z &gt; 0. */
    private void maskByPositiveHidden() {
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

    /** Bytes of native memory the stack's buffers hold. */
    public long nativeBytes() {
        return NativeArrays.bytes(arrays());
    }

    private List<INDArray> arrays() {
        return List.of(w1, w2, bias, gradW1, gradW2, gradBias, hiddenAct, outputGrad, gradHidden);
    }

    @Override
    public void close() {
        NativeArrays.close(arrays());
    }
}
