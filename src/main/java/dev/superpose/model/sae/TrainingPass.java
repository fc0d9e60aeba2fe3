package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

import java.util.Arrays;
import java.util.List;

/**
 * One thread's training pass of one instance at a time, after the block's encoder product: the
 * {@link Forward} pass, the reconstruction loss and its gradient dLoss/dx̂
 * ({@link #reconstructionLoss}), then the sparse backward pass ({@link #backward}): per firing
 * latent, the decoder row's gradient (projected onto the unit sphere's tangent), the encoder
 * row's, and Σ_b dLoss/dpre for b_enc. The architecture's passes add their own terms after it.
 * Every weight-gradient row the pass writes is recorded ({@link StepBuffers#markGradientRows}) so
 * that the next pass clears only those. Not thread-safe: one per thread.
 */
final class TrainingPass {
    private final Architecture architecture;
    private final StepBuffers step;
    private final RowViews views;
    private final Forward forward;
    private final int latents;
    private final int inputs;
    private final int batch;
    private final ArrayElements preView;
    private final ArrayElements biasShiftView;
    private final ArrayElements codeSumsView;
    private final ArrayElements biasPullView;
    private final double[] bias;
    private final double[] shift;
    private final double[] reconstructionGradient;
    private final double[] row;
    private final double[] zeroRow;
    private final double[] gradRow;
    private final double[] encoderGradRow;
    private final double[] latentSums;
    private final double[] decoderBiasGrad;

    TrainingPass(Architecture architecture, StepBuffers step, RowViews views, Forward forward, int inputs,
                 int latents, int batch) {
        this.architecture = architecture;
        this.step = step;
        this.views = views;
        this.forward = forward;
        this.latents = latents;
        this.inputs = inputs;
        this.batch = batch;
        this.preView = ArrayElements.of(step.preActivations());
        this.biasShiftView = ArrayElements.of(step.biasShift());
        this.codeSumsView = ArrayElements.of(step.codeSums());
        this.biasPullView = ArrayElements.of(step.biasPull());
        this.bias = new double[latents];
        this.shift = new double[latents];
        this.reconstructionGradient = new double[batch * inputs];
        this.row = new double[inputs];
        this.zeroRow = new double[inputs];
        this.gradRow = new double[inputs];
        this.encoderGradRow = new double[inputs];
        this.latentSums = new double[latents];
        this.decoderBiasGrad = new double[inputs];
    }

    double[] reconstructionGradient() {
        return reconstructionGradient;
    }

    double[] latentSums() {
        return latentSums;
    }

    /** A scratch row of length d for folding tied gradients. */
    double[] scratchRow() {
        return gradRow;
    }

    /** No pass for instance i: zero gradients, NaN loss. */
    double skip(int i) {
        clearGradientRows(i);
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
        clearGradientRows(i);
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
        forward.loadDecoderBias(i);
        forward.decode(i, rows);
        double loss = reconstructionLoss(i, rows);
        double codeL1 = architecture.penalty() == Penalty.L1_OF_CODES ? coefficient : 0;
        backward(i, codeL1, rows);
        loss += codeL1 * codes.valueSum() / rows;
        for (LatentPass pass : passes) {
            loss += pass.afterBackward(i, coefficient);
        }
        return loss;
    }

    /**
     * mean_b mean_d (x̂ − x)² against the raw batch, with x̂ the reconstruction de-standardised
     * ({@link InputNormalization}: x̂_b = s_b·x̂_s,b + m_b, exact for s = 1, m = 0); fills
     * dLoss/dx̂_s = s_b·dLoss/dx̂ and b_dec's part of the gradient that comes straight from x̂_s
     * (Σ_b dLoss/dx̂_s,b).
     */
    private double reconstructionLoss(int i, int rows) {
        double[] x = step.rawInput();
        double[] mean = step.rowMean();
        double[] std = step.rowStd();
        double[] xhat = forward.reconstruction();
        double squares = 0;
        double scale = 2.0 / ((double) rows * inputs);
        Arrays.fill(decoderBiasGrad, 0);
        for (int b = 0, k = 0; b < rows; b++) {
            double s = std[b];
            double m = mean[b];
            for (int j = 0; j < inputs; j++, k++) {
                double err = xhat[k] * s + m - x[k];
                squares += err * err;
                double gradient = scale * err * s;
                reconstructionGradient[k] = gradient;
                decoderBiasGrad[j] += gradient;
            }
        }
        System.arraycopy(decoderBiasGrad, 0, step.decoderBiasPartial(), i * inputs, inputs);
        return squares / ((double) rows * inputs);
    }

    /**
     * Per firing latent l: dz = dLoss/dx̂·D[l] (+ λ/B for an L1 on the codes) per active row,
     * the decoder row's gradient Σ z·dLoss/dx̂ (projected), the encoder row's Σ dz·(x − b_dec),
     * and Σ dz for b_enc, also written as the code sums b_dec's gradient pulls.
     */
    private void backward(int i, double codeL1, int rows) {
        double[] x = step.batchInput();
        double[] dxhat = reconstructionGradient;
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
            int rowOffset = l * inputs;
            Arrays.fill(gradRow, 0);
            Arrays.fill(encoderGradRow, 0);
            double sum = 0;
            for (int e = codes.start(l); e < end; e++) {
                int xOffset = codes.row(e) * inputs;
                double dz = RowOps.dot(dxhat, xOffset, decoderRows, rowOffset, inputs) + l1PerRow;
                RowOps.axpy(codes.value(e), dxhat, xOffset, gradRow, 0, inputs);
                RowOps.axpy(dz, x, xOffset, encoderGradRow, 0, inputs);
                sum += dz;
            }
            // The encoder saw x − b_dec.
            for (int j = 0; j < inputs; j++) {
                encoderGradRow[j] -= sum * bDec[j];
            }
            views.projectOntoTangent(gradRow, l);
            int offset = (i * latents + l) * inputs;
            views.gradDecoder().write(offset, gradRow, inputs);
            views.gradEncoder().write(offset, encoderGradRow, inputs);
            step.markGradientRows(i, l);
            latentSums[l] = sum;
        }
        writeEncoderBiasGradient(i, latentSums, latentSums);
    }

    /** b_enc's gradient row of instance i, and the code sums whose pull through E completes b_dec's. */
    void writeEncoderBiasGradient(int i, double[] encoderBiasGradient, double[] codeSums) {
        views.gradEncoderBias().write(i * latents, encoderBiasGradient, latents);
        codeSumsView.write(i * latents, codeSums, latents);
    }

    /** Adds a pass's direct share of b_dec's gradient to the main pass's (Σ_b dLoss/dx̂_b). */
    void addDecoderBiasGradient(int i, double[] gradient) {
        double[] partial = step.decoderBiasPartial();
        for (int j = 0; j < inputs; j++) {
            partial[i * inputs + j] += gradient[j];
        }
    }

    /** b_dec's gradient: Σ_b dLoss/dx̂_b − (code sums)·E, the second term from the block's matmul. */
    void finishDecoderBiasGradient(int i) {
        if (step.skipped(i)) {
            // The pull of a non-finite encoder is NaN even against zero code sums.
            views.gradDecoderBias().write(i * inputs, zeroRow, inputs);
            return;
        }
        biasPullView.read(i * inputs, row, inputs);
        double[] partial = step.decoderBiasPartial();
        for (int j = 0; j < inputs; j++) {
            row[j] = partial[i * inputs + j] - row[j];
        }
        views.gradDecoderBias().write(i * inputs, row, inputs);
    }

    /** Zeroes the weight-gradient rows the previous pass wrote for instance i. */
    private void clearGradientRows(int i) {
        int[] rows = step.gradientRows();
        for (int k = 0; k < step.gradientRowCount(i); k++) {
            int offset = (i * latents + rows[i * latents + k]) * inputs;
            views.gradDecoder().write(offset, zeroRow, inputs);
            views.gradEncoder().write(offset, zeroRow, inputs);
        }
        step.clearGradientRowCount(i);
    }
}
