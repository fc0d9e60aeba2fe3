package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

import java.util.Arrays;
import java.util.List;

/**
 * One thread's training pass of one instance at a time, after the block's encoder product: the
 * {@link Forward} pass, the reconstruction loss of the target (the input for an SAE, another
 * activation for a transcoder, see {@link SaeShape}) and its gradient dLoss/dx̂
 * ({@link #reconstructionLoss}), then the backward pass: per firing latent, the decoder row's
 * gradient (projected onto the unit sphere's tangent), the encoder row's, and Σ_b dLoss/dpre for
 * b_enc. Decoding and the backward pass take one of two paths per instance and batch
 * ({@link CodePath}): from the active pairs in Java ({@link Forward#decode}, {@link #backward}), or,
 * in a dense batch, from BLAS products ({@link DenseProducts}, {@link #denseBackward}); the
 * architecture's passes see the same state after either. They add their own terms after it,
 * those that reconstruct something more through {@link #addLatentGradients}.
 * Every weight-gradient row the pass writes is recorded ({@link StepBuffers#markGradientRows}) so
 * that the next pass clears only those. Not thread-safe: one per thread.
 */
final class TrainingPass implements AutoCloseable {
    private final Architecture architecture;
    private final StepBuffers step;
    private final RowViews views;
    private final Forward forward;
    private final CodePath path;
    private final DenseProducts dense;
    private final int latents;
    private final int inputs;
    private final int outputs;
    /** An SAE's encoder sees x − b_dec, a transcoder's x. */
    private final boolean centred;
    /** Whether rows are standardised ({@link InputNormalization#PER_SAMPLE}): the loss then de-standardises x̂. */
    private final boolean standardised;
    private final int batch;
    private final ArrayElements preView;
    private final ArrayElements biasShiftView;
    private final ArrayElements codeSumsView;
    private final ArrayElements biasPullView;
    private final double[] bias;
    private final double[] shift;
    private final double[] reconstructionGradient;
    /** {@link #reconstructionGradient} one array per row, for the sparse backward pass's kernels ({@link RowOps}). */
    private final double[][] reconstructionGradientRows;
    /** The unit decoder row of the latent being processed, copied out of the flat rows. */
    private final double[] unitRow;
    /** A row of d_out. */
    private final double[] row;
    /** Zeros, as long as the longer of a decoder and an encoder row. */
    private final double[] zeroRow;
    /** A decoder-row gradient, d_out. */
    private final double[] gradRow;
    /** An encoder-row gradient, d_in. */
    private final double[] encoderGradRow;
    /** An encoder row's length of scratch for {@link #addInto}. */
    private final double[] encoderRow;
    private final double[] latentSums;
    /** The dense path's row of D·Gᵀ for one latent, and of dLoss/dpre, [B] each. */
    private final double[] codeGradient;
    private final double[] preGradient;
    private final double[] decoderBiasGrad;

    TrainingPass(Architecture architecture, StepBuffers step, RowViews views, Forward forward, SaeShape shape,
                 InputNormalization normalization, CodePath path, int latents, int batch) {
        this.architecture = architecture;
        this.step = step;
        this.views = views;
        this.forward = forward;
        this.path = path;
        this.dense = new DenseProducts(step, views, shape.inputs(), shape.outputs(), latents, batch);
        this.latents = latents;
        this.inputs = shape.inputs();
        this.outputs = shape.outputs();
        this.centred = shape.centresInput();
        this.standardised = normalization != InputNormalization.NONE;
        this.batch = batch;
        this.preView = ArrayElements.of(step.preActivations());
        this.biasShiftView = ArrayElements.of(step.biasShift());
        this.codeSumsView = ArrayElements.of(step.codeSums());
        this.biasPullView = ArrayElements.of(step.biasPull());
        this.bias = new double[latents];
        this.shift = new double[latents];
        this.reconstructionGradient = new double[batch * outputs];
        this.reconstructionGradientRows = new double[batch][outputs];
        this.unitRow = new double[outputs];
        this.row = new double[outputs];
        this.zeroRow = new double[Math.max(inputs, outputs)];
        this.gradRow = new double[outputs];
        this.encoderGradRow = new double[inputs];
        this.encoderRow = new double[inputs];
        this.latentSums = new double[latents];
        this.codeGradient = new double[batch];
        this.preGradient = new double[batch];
        this.decoderBiasGrad = new double[outputs];
    }

    double[] reconstructionGradient() {
        return reconstructionGradient;
    }

    double[] latentSums() {
        return latentSums;
    }

    /** A scratch row of length d for folding tied gradients (tied stacks are SAEs: d_in = d_out). */
    double[] scratchRow() {
        return gradRow;
    }

    /** No pass for instance i: zero gradients, NaN loss. */
    double skip(int i) {
        clearGradientRows(i, null);
        Arrays.fill(latentSums, 0);
        codeSumsView.write(i * latents, latentSums, latents);
        views.gradEncoderBias().write(i * latents, latentSums, latents);
        Arrays.fill(step.fired(), i * latents, (i + 1) * latents, false);
        step.setSkipped(i, true);
        return Double.NaN;
    }

    /**
     * The loss of instance i on the batch (its first {@link StepBuffers#rows()} rows) and its gradients.
     *
     * @param coefficient λ, the weight of the architecture's {@link Architecture#penalty()}
     */
    double train(int i, double coefficient, List<LatentPass> passes) {
        step.setSkipped(i, false);
        int n = latents * batch;
        int rows = step.rows();
        double[] pre = forward.preActivations();
        preView.read(i * n, pre, n);
        if (rows < batch) {
            // a short batch: the forward pass reads pre[l * rows + b]
            for (int l = 1; l < latents; l++) {
                System.arraycopy(pre, l * batch, pre, l * rows, rows);
            }
        }
        biasShiftView.read(i * latents, shift, latents);
        views.encoderBias().read(i * latents, bias, latents);
        for (int l = 0; l < latents; l++) {
            bias[l] -= shift[l];
        }
        if (!forward.addBiasAndCheckFinite(rows, bias)) {
            return skip(i);
        }
        forward.select(i, rows, true, passes);
        LatentCodes codes = forward.codes();
        boolean[] fired = step.fired();
        for (int l = 0; l < latents; l++) {
            fired[i * latents + l] = codes.start(l) < codes.start(l + 1);
        }
        clearGradientRows(i, fired);
        forward.loadDecoderBias(i);
        boolean densePath = path.dense(codes.size(), rows, latents, inputs, outputs);
        if (densePath) {
            dense.decode(i, rows, codes, forward.decoderBias(), forward.reconstruction());
        } else {
            forward.decode(i, rows);
        }
        double loss = reconstructionLoss(i, rows);
        double codeL1 = architecture.penalty() == Penalty.L1_OF_CODES ? coefficient : 0;
        if (densePath) {
            denseBackward(i, codeL1, rows);
        } else {
            backward(i, codeL1, rows);
        }
        loss += codeL1 * codes.valueSum() / rows;
        for (LatentPass pass : passes) {
            loss += pass.afterBackward(i, coefficient);
        }
        return loss;
    }

    /**
     * mean_b mean_d (x̂ − y)² against the raw target y (the raw batch for an SAE), with x̂ the
     * reconstruction de-standardised ({@link InputNormalization}: x̂_b = s_b·x̂_s,b + m_b, exact
     * for s = 1, m = 0; transcoders have none); fills dLoss/dx̂_s = s_b·dLoss/dx̂ and b_dec's part
     * of the gradient that comes straight from x̂_s (Σ_b dLoss/dx̂_s,b).
     */
    private double reconstructionLoss(int i, int rows) {
        if (!standardised) {
            return plainReconstructionLoss(i, rows);
        }
        double[] y = step.rawTarget();
        double[] mean = step.rowMean();
        double[] std = step.rowStd();
        double[] xhat = forward.reconstruction();
        double squares = 0;
        double scale = 2.0 / ((double) rows * outputs);
        Arrays.fill(decoderBiasGrad, 0);
        for (int b = 0, k = 0; b < rows; b++) {
            double s = std[b];
            double m = mean[b];
            for (int j = 0; j < outputs; j++, k++) {
                double err = xhat[k] * s + m - y[k];
                squares += err * err;
                double gradient = scale * err * s;
                reconstructionGradient[k] = gradient;
                decoderBiasGrad[j] += gradient;
            }
        }
        System.arraycopy(decoderBiasGrad, 0, step.decoderBiasPartial(), i * outputs, outputs);
        return squares / ((double) rows * outputs);
    }

    /**
     * {@link #reconstructionLoss} without input normalisation (s = 1, m = 0): the same sums without
     * the per-row scale and shift, two loads and two flops per element that a tiny SAE (d = 2, a
     * thousand rows per instance and step) would do for nothing. The arithmetic is that of the
     * code before input normalisation existed; the general form with s = 1, m = 0 differs from it
     * only in the sign of a zero error (x̂ = −0 and y = 0).
     */
    private double plainReconstructionLoss(int i, int rows) {
        double[] y = step.rawTarget();
        double[] xhat = forward.reconstruction();
        double squares = 0;
        double scale = 2.0 / ((double) rows * outputs);
        Arrays.fill(decoderBiasGrad, 0);
        for (int b = 0, k = 0; b < rows; b++) {
            for (int j = 0; j < outputs; j++, k++) {
                double err = xhat[k] - y[k];
                squares += err * err;
                double gradient = scale * err;
                reconstructionGradient[k] = gradient;
                decoderBiasGrad[j] += gradient;
            }
        }
        System.arraycopy(decoderBiasGrad, 0, step.decoderBiasPartial(), i * outputs, outputs);
        return squares / ((double) rows * outputs);
    }

    /**
     * Per firing latent l: dz = dLoss/dx̂·D[l] (+ λ/B for an L1 on the codes) per active row,
     * the decoder row's gradient Σ z·dLoss/dx̂ (projected), the encoder row's Σ dz·(x − b_dec)
     * (Σ dz·x for a transcoder), and Σ dz for b_enc, also written as the code sums b_dec's
     * gradient pulls.
     */
    private void backward(int i, double codeL1, int rows) {
        double[][] x = step.batchInputRows();
        double[][] dxhat = reconstructionGradientRows;
        RowOps.split(reconstructionGradient, dxhat, rows, outputs);
        double[] decoderRows = views.decoderRows();
        double[] bDec = forward.decoderBias();
        LatentCodes codes = forward.codes();
        double l1PerRow = codeL1 / rows;
        Arrays.fill(latentSums, 0);
        for (int l = 0; l < latents; l++) {
            int end = codes.start(l + 1);
            if (codes.start(l) == end) {
                continue;
            }
            System.arraycopy(decoderRows, l * outputs, unitRow, 0, outputs);
            Arrays.fill(gradRow, 0);
            Arrays.fill(encoderGradRow, 0);
            double sum = 0;
            for (int e = codes.start(l); e < end; e++) {
                int b = codes.row(e);
                double dz = RowOps.dot(dxhat[b], 0, unitRow, 0, outputs) + l1PerRow;
                RowOps.axpy(codes.value(e), dxhat[b], gradRow, outputs);
                RowOps.axpy(dz, x[b], encoderGradRow, inputs);
                sum += dz;
            }
            centreEncoderGradient(encoderGradRow, sum, bDec);
            views.projectOntoTangent(gradRow, l);
            int latent = i * latents + l;
            views.gradDecoder().write(latent * outputs, gradRow, outputs);
            views.gradEncoder().write(latent * inputs, encoderGradRow, inputs);
            step.markGradientRows(i, l);
            latentSums[l] = sum;
        }
        writeEncoderBiasGradient(i, latentSums, latentSums);
    }

    /**
     * {@link #backward} through {@link DenseProducts}: dz = (D·Gᵀ)[l, b] (+ λ/B) at the active
     * pairs, the decoder rows' gradients from Z·G, the encoder rows' from dLoss/dpre·X; the same
     * rows are written and recorded as by the sparse pass, with the same projection and centring.
     */
    private void denseBackward(int i, double codeL1, int rows) {
        LatentCodes codes = forward.codes();
        double l1PerRow = codeL1 / rows;
        dense.decoderProducts(reconstructionGradient, rows);
        Arrays.fill(latentSums, 0);
        for (int l = 0; l < latents; l++) {
            int end = codes.start(l + 1);
            if (codes.start(l) == end) {
                continue;
            }
            dense.readCodeGradient(l, codeGradient);
            Arrays.fill(preGradient, 0);
            double sum = 0;
            for (int e = codes.start(l); e < end; e++) {
                double dz = codeGradient[codes.row(e)] + l1PerRow;
                preGradient[codes.row(e)] = dz;
                sum += dz;
            }
            dense.writePreGradient(l, preGradient);
            latentSums[l] = sum;
        }
        dense.encoderProduct();
        double[] bDec = forward.decoderBias();
        for (int l = 0; l < latents; l++) {
            if (codes.start(l) == codes.start(l + 1)) {
                continue;
            }
            dense.readDecoderGradient(l, gradRow);
            views.projectOntoTangent(gradRow, l);
            dense.readEncoderGradient(l, encoderGradRow);
            centreEncoderGradient(encoderGradRow, latentSums[l], bDec);
            int latent = i * latents + l;
            views.gradDecoder().write(latent * outputs, gradRow, outputs);
            views.gradEncoder().write(latent * inputs, encoderGradRow, inputs);
            step.markGradientRows(i, l);
        }
        writeEncoderBiasGradient(i, latentSums, latentSums);
    }

    /**
     * An SAE's encoder saw x − b_dec: an encoder-row gradient Σ_b dz_b·x_b loses
     * (Σ_b dz_b)·b_dec. A transcoder's encoder saw x: nothing to take away.
     */
    void centreEncoderGradient(double[] encoderGradient, double dzSum, double[] bDec) {
        if (centred) {
            for (int j = 0; j < inputs; j++) {
                encoderGradient[j] -= dzSum * bDec[j];
            }
        }
    }

    /**
     * Adds to latent l's rows of instance i the gradients of a further reconstruction it takes
     * part in: its entries are those of latent {@code codeLatent} in {@code codes} (rows and
     * values z), {@code outputGradient} [B·d_out] is that reconstruction's dLoss/dx̂, and the
     * decoder row is loaded. Decoder row: Σ z·g_b (projected); encoder row: Σ dz·(x_b − b_dec)
     * with dz = g_b·D[l]. A latent that did not fire in the main pass gets its rows marked for
     * clearing. Returns Σ dz, the latent's share of b_enc's gradient (and of b_dec's pull), which
     * the caller adds to {@link #latentSums()}.
     */
    double addLatentGradients(int i, int l, LatentCodes codes, int codeLatent, double[] outputGradient) {
        double[] x = step.batchInput();
        double[] decoderRows = views.decoderRows();
        Arrays.fill(gradRow, 0);
        Arrays.fill(encoderGradRow, 0);
        double sum = 0;
        for (int e = codes.start(codeLatent); e < codes.start(codeLatent + 1); e++) {
            int yOffset = codes.row(e) * outputs;
            double dz = RowOps.dot(outputGradient, yOffset, decoderRows, l * outputs, outputs);
            RowOps.axpy(codes.value(e), outputGradient, yOffset, gradRow, 0, outputs);
            RowOps.axpy(dz, x, codes.row(e) * inputs, encoderGradRow, 0, inputs);
            sum += dz;
        }
        centreEncoderGradient(encoderGradRow, sum, forward.decoderBias());
        views.projectOntoTangent(gradRow, l);
        int latent = i * latents + l;
        addInto(views.gradDecoder(), latent * outputs, gradRow, row, outputs);
        addInto(views.gradEncoder(), latent * inputs, encoderGradRow, encoderRow, inputs);
        LatentCodes main = forward.codes();
        if (main.start(l) == main.start(l + 1)) {
            step.markGradientRows(i, l);
        }
        return sum;
    }

    private static void addInto(ArrayElements view, int offset, double[] values, double[] scratch, int length) {
        view.read(offset, scratch, length);
        for (int j = 0; j < length; j++) {
            scratch[j] += values[j];
        }
        view.write(offset, scratch, length);
    }

    /** b_enc's gradient row of instance i, and the code sums whose pull through E completes b_dec's. */
    void writeEncoderBiasGradient(int i, double[] encoderBiasGradient, double[] codeSums) {
        views.gradEncoderBias().write(i * latents, encoderBiasGradient, latents);
        codeSumsView.write(i * latents, codeSums, latents);
    }

    /** Adds a pass's direct share of b_dec's gradient to the main pass's (Σ_b dLoss/dx̂_b). */
    void addDecoderBiasGradient(int i, double[] gradient) {
        double[] partial = step.decoderBiasPartial();
        for (int j = 0; j < outputs; j++) {
            partial[i * outputs + j] += gradient[j];
        }
    }

    /**
     * b_dec's gradient: Σ_b dLoss/dx̂_b − (code sums)·E, the second term from the block's matmul
     * (an SAE's only: a transcoder's encoder does not see b_dec).
     */
    void finishDecoderBiasGradient(int i) {
        if (step.skipped(i)) {
            // The pull of a non-finite encoder is NaN even against zero code sums.
            views.gradDecoderBias().write(i * outputs, zeroRow, outputs);
            return;
        }
        double[] partial = step.decoderBiasPartial();
        if (centred) {
            biasPullView.read(i * inputs, row, inputs);
            for (int j = 0; j < inputs; j++) {
                row[j] = partial[i * inputs + j] - row[j];
            }
        } else {
            System.arraycopy(partial, i * outputs, row, 0, outputs);
        }
        views.gradDecoderBias().write(i * outputs, row, outputs);
    }

    /**
     * Zeroes the weight-gradient rows the previous pass wrote for instance i, except those of the
     * latents {@code keep} marks ({@code keep[i * L + l]}, or none when null): the latents that
     * fire now, whose rows the main pass writes whole before anything reads them. At dense codes
     * nearly every latent fires, and clearing its rows would convert and store both weight
     * gradients once more for nothing.
     */
    private void clearGradientRows(int i, boolean[] keep) {
        int[] rows = step.gradientRows();
        for (int k = 0; k < step.gradientRowCount(i); k++) {
            int latent = i * latents + rows[i * latents + k];
            if (keep != null && keep[latent]) {
                continue;
            }
            views.gradDecoder().write(latent * outputs, zeroRow, outputs);
            views.gradEncoder().write(latent * inputs, zeroRow, inputs);
        }
        step.clearGradientRowCount(i);
    }

    /** Frees the dense path's native buffers. */
    @Override
    public void close() {
        dense.close();
    }

    long nativeBytes() {
        return dense.nativeBytes();
    }
}
