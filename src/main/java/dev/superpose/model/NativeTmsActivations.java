package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * The native path's activations, the batched matmuls' outputs between a TMS stack's weights:
 * hidden [I, B, H] (z, then h in place), output [I, B, F] (pre without the bias, then dPre in
 * place) and hidden gradient [I, B, H] (dh, then dz in place), with the fused element-wise Java
 * passes over them in cache-sized work blocks. Only a stack on the native path holds these: the
 * plain-Java passes keep one row block at a time (the output alone is ~24 MB at batch 2000 for
 * 3 instances of 1000 features).
 */
final class NativeTmsActivations {
    private static final int BLOCK_ELEMENTS = 4096;

    private final int instances;
    private final int features;
    private final int hidden;
    private final int batch;
    /** Whether out = ReLU(pre) rather than pre. */
    private final boolean outputRelu;
    /** Whether the target is |x| rather than x. */
    private final boolean absTarget;

    private final INDArray hiddenAct;
    private final INDArray outputGrad;
    private final INDArray gradHidden;

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

    NativeTmsActivations(int instances, int features, int hidden, int batch, DataType dataType, boolean outputRelu,
                         boolean absTarget) {
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.outputRelu = outputRelu;
        this.absTarget = absTarget;
        this.hiddenAct = Nd4j.zeros(dataType, instances, batch, hidden);
        this.outputGrad = Nd4j.zeros(dataType, instances, batch, features);
        this.gradHidden = Nd4j.zeros(dataType, instances, batch, hidden);
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

    /** Elements per instance of the three arrays: B·F + 2·B·H. */
    static long elements(long features, long hidden, long batch) {
        return batch * features + 2 * batch * hidden;
    }

    /** z, then h in place: [I, B, H]. */
    INDArray hidden() {
        return hiddenAct;
    }

    /** pre without the bias, then dPre in place: [I, B, F]. */
    INDArray output() {
        return outputGrad;
    }

    /** dh, then dz in place: [I, B, H]. */
    INDArray gradHidden() {
        return gradHidden;
    }

    List<INDArray> arrays() {
        return List.of(hiddenAct, outputGrad, gradHidden);
    }

    /**
     * pre (in {@link #output()}) → loss, dPre (in place) and db (into {@code gradBias}), in one
     * pass over row blocks.
     */
    void outputLossAndGrad(ArrayElements xView, ArrayElements bias, ArrayElements gradBias, double[] importance,
                           double[] lossOut) {
        // All-ones where the output is linear, so the sign mask below lets every value through.
        long linearMask = outputRelu ? 0L : -1L;
        double scale = 2.0 / ((double) batch * features);
        int rowsPerBlock = blockA.length / features;
        for (int i = 0; i < instances; i++) {
            bias.read(i * features, biasRow, features);
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
            gradBias.write(i * features, gradBiasRow, features);
            lossOut[i] = sum / ((double) batch * features);
        }
    }

    /** h = ReLU(z), in place in {@link #hidden()}. */
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

    /** dz = dh·[h &gt; 0] in place in {@link #gradHidden()}; h = ReLU(z), so h &gt; 0 exactly where z &gt; 0. */
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

    /** target += addend over the first {@code n} elements of two same-shaped arrays, through the work blocks. */
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
}
