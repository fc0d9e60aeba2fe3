package dev.superpose.model.sae;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The training pass's per-step buffers shared by all worker threads, each thread touching only
 * its instances' slices: the batch (native for the encoder product, host for the passes) and
 * what it is to be reconstructed into (the batch itself for an SAE, a transcoder's targets), the
 * pre-activations and the two products that complete b_dec's gradient, and the per-instance
 * bookkeeping (which latents fired, which gradient rows were written, which instances were
 * skipped, AuxK's dead latents).
 */
final class StepBuffers implements AutoCloseable {
    private final int latents;
    private final INDArray input;
    private final INDArray preActivations;
    private final INDArray biasShift;
    private final INDArray codeSums;
    private final INDArray biasPull;
    private final double[] x;
    /** {@link #x} one array per row, for the sparse passes' kernels ({@link RowOps}). */
    private final double[][] xRows;
    private final int inputs;
    /** The batch as given, before {@link InputNormalization}: what an SAE's reconstruction is compared with. */
    private final double[] rawX;
    /** Each row's mean and standard deviation under {@link InputNormalization} (0 and 1 without). */
    private final double[] rowMean;
    private final double[] rowStd;
    /** The standardised batch for an SAE, else a transcoder's targets [B·d_out]. */
    private final double[] target;
    /** Σ_b dLoss/dx̂ per instance, [I·d_out]: b_dec's gradient before the encoder's share. */
    private final double[] decoderBiasPartial;
    private final boolean[] fired;
    private final boolean[] deadMask;
    /**
     * The latents whose gradient rows the latest pass wrote, per instance ([I·L], the first
     * {@link #gradientRowCount}[i] of instance i's block): every other row of the weight
     * gradients is zero, so the next pass clears just these rather than both whole arrays.
     */
    private final int[] gradientRows;
    private final int[] gradientRowCount;
    private final boolean[] skipped;
    /** Rows of the current batch: the stack's batch, or fewer for an epoch's short last batch. */
    private int rows;

    StepBuffers(int instances, SaeShape shape, int latents, int batch, DataType dataType, boolean deadLatents) {
        int inputs = shape.inputs();
        this.latents = latents;
        this.input = Nd4j.zeros(dataType, batch, inputs);
        this.preActivations = Nd4j.zeros(dataType, (long) instances * latents, batch);
        this.biasShift = Nd4j.zeros(dataType, instances, latents, 1);
        this.codeSums = Nd4j.zeros(dataType, instances, 1, latents);
        this.biasPull = Nd4j.zeros(dataType, instances, 1, inputs);
        this.x = new double[batch * inputs];
        this.xRows = new double[batch][inputs];
        this.inputs = inputs;
        this.rawX = new double[batch * inputs];
        this.rowMean = new double[batch];
        this.rowStd = new double[batch];
        this.target = shape.transcoder() ? new double[batch * shape.outputs()] : x;
        this.decoderBiasPartial = new double[instances * shape.outputs()];
        this.fired = new boolean[instances * latents];
        this.deadMask = deadLatents ? new boolean[instances * latents] : null;
        this.gradientRows = new int[instances * latents];
        this.gradientRowCount = new int[instances];
        this.skipped = new boolean[instances];
        this.rows = batch;
    }

    int rows() {
        return rows;
    }

    void setRows(int rows) {
        this.rows = rows;
    }

    /** The batch [B, d_in], native: the encoder product's input. */
    INDArray input() {
        return input;
    }

    /** E·xᵀ for every instance, [I·L, B]. */
    INDArray preActivations() {
        return preActivations;
    }

    /** E·b_dec, [I, L, 1]: subtracted from b_enc (an SAE's encoder sees x − b_dec); zero for a transcoder. */
    INDArray biasShift() {
        return biasShift;
    }

    /** Σ_b dLoss/dpre per latent, [I, 1, L]. */
    INDArray codeSums() {
        return codeSums;
    }

    /** (code sums)·E, [I, 1, d]: the encoder's share of an SAE's b_dec gradient; zero for a transcoder. */
    INDArray biasPull() {
        return biasPull;
    }

    /** The batch as the encoder sees it (standardised under {@link InputNormalization}), B × d_in row-major on the host. */
    double[] batchInput() {
        return x;
    }

    /** {@link #batchInput()} one array per row, once {@link #splitBatchInput} has run for the batch. */
    double[][] batchInputRows() {
        return xRows;
    }

    /** Copies the first {@link #rows()} rows of {@link #batchInput()} into {@link #batchInputRows()}. */
    void splitBatchInput() {
        RowOps.split(x, xRows, rows, inputs);
    }

    /** The batch as given, B × d_in. */
    double[] rawInput() {
        return rawX;
    }

    double[] rowMean() {
        return rowMean;
    }

    double[] rowStd() {
        return rowStd;
    }

    /**
     * What the architectures' own reconstructions are compared with, in the model's space, B ×
     * d_out: {@link #batchInput()} itself for an SAE, a transcoder's targets.
     */
    double[] target() {
        return target;
    }

    /**
     * What the main reconstruction, de-standardised, is compared with: the raw batch for an SAE
     * ({@link #rawInput()}), a transcoder's targets (which have no input normalisation).
     */
    double[] rawTarget() {
        return target == x ? rawX : target;
    }

    double[] decoderBiasPartial() {
        return decoderBiasPartial;
    }

    /** Whether latent l of instance i fired in the last pass, at {@code [i * L + l]}. */
    boolean[] fired() {
        return fired;
    }

    /** AuxK's dead latents at {@code [i * L + l]}, or null without AuxK. */
    boolean[] deadMask() {
        return deadMask;
    }

    boolean dead(int i, int l) {
        return deadMask != null && deadMask[i * latents + l];
    }

    boolean skipped(int i) {
        return skipped[i];
    }

    void setSkipped(int i, boolean value) {
        skipped[i] = value;
    }

    /** Records that the latest pass wrote the weight-gradient rows of latent l of instance i. */
    void markGradientRows(int i, int l) {
        gradientRows[i * latents + gradientRowCount[i]++] = l;
    }

    int[] gradientRows() {
        return gradientRows;
    }

    int gradientRowCount(int i) {
        return gradientRowCount[i];
    }

    void clearGradientRowCount(int i) {
        gradientRowCount[i] = 0;
    }

    List<INDArray> arrays() {
        return List.of(input, preActivations, biasShift, codeSums, biasPull);
    }

    @Override
    public void close() {
        dev.superpose.model.NativeArrays.close(arrays());
    }
}
