package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * A stack of toy models of superposition held instance-major in rank-3 arrays
 * ({@code W: [I, H, F]}, {@code b: [I, F]}) with hand-written batched gradients.
 *
 * <p>Per instance, with x: [B, F] and importance imp: [F]:
 * <pre>
 *   z = x·Wᵀ            h = ReLU(z) (NEURON) or z          pre = h·W + b
 *   out = ReLU(pre) (RELU_OUTPUT, NEURON) or pre
 *   loss = mean over batch and features of imp·(x − out)²
 *   dPre = 2/(B·F)·imp·(out − x)·[pre &gt; 0]     db = Σ_batch dPre
 *   dW = hᵀ·dPre + dzᵀ·x   with dz = (dPre·Wᵀ)·[z &gt; 0]
 * </pre>
 * The five matrix products are batched ND4J matmuls into preallocated outputs; every element-wise
 * step is one fused Java pass (native ops cost ~16 µs each even on tiny arrays, plus a memory
 * pass). Nothing native is allocated per step. Instances never mix: each one's gradient depends only on its own rows.
 */
public final class TmsStack implements AutoCloseable {
    private static final int BLOCK_ELEMENTS = 4096;

    private final TmsArchitecture architecture;
    private final int instances;
    private final int features;
    private final int hidden;
    private final int batch;

    private final INDArray w;
    private final INDArray bias;
    private final INDArray gradW;
    private final INDArray gradBias;
    /** z, then h in place; later dz in {@link #gradHidden}. */
    private final INDArray hiddenAct;
    /** pre-activation, overwritten in place by dPre. */
    private final INDArray outputGrad;
    private final INDArray gradHidden;
    private final INDArray gradWFromInput;
    private final InputViewCache inputViews = new InputViewCache();

    private final ArrayElements wView;
    private final ArrayElements biasView;
    private final ArrayElements gradBiasView;
    private final ArrayElements hiddenView;
    private final ArrayElements outputGradView;
    private final ArrayElements gradHiddenView;
    private final ArrayElements gradWView;
    private final ArrayElements gradWFromInputView;
    /** Work areas of the fused passes: a whole number of rows, ~32 KiB, cache-resident. */
    private final double[] blockA;
    private final double[] blockB;
    private final double[] biasRow;
    private final double[] importanceRow;
    private final double[] gradBiasRow;
    /** Per-feature loss sums: independent accumulators, no loop-carried add chain. */
    private final double[] lossRow;

    public TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch,
                    DataType dataType) {
        if (instances < 1 || features < 1 || hidden < 1 || batch < 1) {
            throw new IllegalArgumentException("stack dimensions must be positive, got instances=" + instances
                    + " features=" + features + " hidden=" + hidden + " batch=" + batch);
        }
        this.architecture = architecture;
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.w = Nd4j.zeros(dataType, instances, hidden, features);
        this.bias = Nd4j.zeros(dataType, instances, features);
        this.gradW = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradBias = Nd4j.zeros(dataType, instances, features);
        this.hiddenAct = Nd4j.zeros(dataType, instances, batch, hidden);
        this.outputGrad = Nd4j.zeros(dataType, instances, batch, features);
        this.gradHidden = Nd4j.zeros(dataType, instances, batch, hidden);
        this.gradWFromInput = Nd4j.zeros(dataType, instances, hidden, features);
        this.wView = ArrayElements.of(w);
        this.biasView = ArrayElements.of(bias);
        this.gradBiasView = ArrayElements.of(gradBias);
        this.hiddenView = ArrayElements.of(hiddenAct);
        this.outputGradView = ArrayElements.of(outputGrad);
        this.gradHiddenView = ArrayElements.of(gradHidden);
        this.gradWView = ArrayElements.of(gradW);
        this.gradWFromInputView = ArrayElements.of(gradWFromInput);
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

    public DataType dataType() {
        return w.dataType();
    }

    /** W: [I, H, F], updated in place by the optimiser. */
    public INDArray w() {
        return w;
    }

    /** b: [I, F], updated in place by the optimiser. */
    public INDArray bias() {
        return bias;
    }

    /** dLoss_i/dW_i of the latest {@link #lossAndGradients} call: [I, H, F]. */
    public INDArray gradW() {
        return gradW;
    }

    /** dLoss_i/db_i of the latest {@link #lossAndGradients} call: [I, F]. */
    public INDArray gradBias() {
        return gradBias;
    }

    /** Sets instance {@code i}'s parameters. */
    public void load(int i, TmsWeights weights) {
        requireShape(weights);
        wView.write(i * hidden * features, toDoubles(weights.w()), hidden * features);
        biasView.write(i * features, toDoubles(weights.bias()), features);
    }

    /** A copy of instance {@code i}'s parameters. */
    public TmsWeights weights(int i) {
        double[] wCopy = new double[hidden * features];
        double[] bCopy = new double[features];
        wView.read(i * hidden * features, wCopy, wCopy.length);
        biasView.read(i * features, bCopy, features);
        return new TmsWeights(hidden, features, toFloats(wCopy), toFloats(bCopy));
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k];
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }

    /**
     * Forward and backward pass on {@code x: [I, B, F]}: fills {@link #gradW()} and
     * {@link #gradBias()} and writes each instance's loss into {@code lossOut[i]}.
     *
     * @param importance per-instance feature importance, flat [I·F]
     */
    public void lossAndGradients(INDArray x, double[] importance, double[] lossOut) {
        if (!Arrays.equals(x.shape(), outputGrad.shape()) || x.dataType() != w.dataType()) {
            throw new IllegalArgumentException("x must be " + w.dataType() + " " + Arrays.toString(outputGrad.shape())
                    + ", got " + x.dataType() + " " + Arrays.toString(x.shape()));
        }
        Nd4j.matmul(x, w, hiddenAct, false, true, false);
        if (architecture.hiddenRelu()) {
            reluInPlace();
        }
        Nd4j.matmul(hiddenAct, w, outputGrad, false, false, false);
        outputLossAndGrad(inputViews.of(x), importance, lossOut);
        Nd4j.matmul(hiddenAct, outputGrad, gradW, true, false, false);
        Nd4j.matmul(outputGrad, w, gradHidden, false, true, false);
        if (architecture.hiddenRelu()) {
            maskByPositiveHidden();
        }
        Nd4j.matmul(gradHidden, x, gradWFromInput, true, false, false);
        addGradWFromInput();
    }

    /** pre (in outputGrad) → loss, dPre (in place) and db, in one pass over row blocks. */
    private void outputLossAndGrad(ArrayElements xView, double[] importance, double[] lossOut) {
        // All-ones where the output is linear, so the sign mask below lets every value through.
        long linearMask = architecture.outputRelu() ? 0L : -1L;
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

    private void addGradWFromInput() {
        int n = instances * hidden * features;
        for (int offset = 0; offset < n; offset += blockA.length) {
            int len = Math.min(blockA.length, n - offset);
            gradWView.read(offset, blockA, len);
            gradWFromInputView.read(offset, blockB, len);
            for (int k = 0; k < len; k++) {
                blockA[k] += blockB[k];
            }
            gradWView.write(offset, blockA, len);
        }
    }

    private void requireShape(TmsWeights weights) {
        if (weights.hidden() != hidden || weights.features() != features) {
            throw new IllegalArgumentException("weights must be " + hidden + "x" + features + ", got "
                    + weights.hidden() + "x" + weights.features());
        }
    }

    /** Bytes of native memory the stack's buffers hold. */
    public long nativeBytes() {
        return NativeArrays.bytes(arrays());
    }

    private List<INDArray> arrays() {
        return List.of(w, bias, gradW, gradBias, hiddenAct, outputGrad, gradHidden, gradWFromInput);
    }

    @Override
    public void close() {
        NativeArrays.close(arrays());
    }
}
