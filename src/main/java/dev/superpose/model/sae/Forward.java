package dev.superpose.model.sae;

import java.util.List;

/**
 * One thread's forward pass of one instance at a time, shared by training and inference: the
 * pre-activations (latent-major, {@code pre[l * rows + b]}) with b_enc added, the selection by the
 * architecture's rule (after its passes' {@link LatentPass#beforeSelect}) and the sparse decoding
 * x̂ = b_dec + Σ over active pairs of z·D[l] (rows of d_out). Not thread-safe: one per thread.
 */
final class Forward {
    private final Architecture architecture;
    private final RowViews views;
    private final int latents;
    /** d_out: the reconstruction's row length. */
    private final int outputs;
    private final double[] pre;
    private final double[] thresholdRow;
    private final double[] decoderBias;
    private final double[] reconstruction;
    /** The decoding's work area: {@link #reconstruction} one array per row ({@link RowOps}). */
    private final double[][] reconstructionRows;
    /** The decoder row being added, copied out of the flat unit rows. */
    private final double[] unitRow;
    private final LatentCodes codes = new LatentCodes();

    Forward(Architecture architecture, RowViews views, int outputs, int latents, int batch) {
        this.architecture = architecture;
        this.views = views;
        this.latents = latents;
        this.outputs = outputs;
        this.pre = new double[latents * batch];
        this.thresholdRow = new double[latents];
        this.decoderBias = new double[outputs];
        this.reconstruction = new double[batch * outputs];
        this.reconstructionRows = new double[batch][outputs];
        this.unitRow = new double[outputs];
    }

    double[] preActivations() {
        return pre;
    }

    double[] thresholdRow() {
        return thresholdRow;
    }

    /** b_dec of the instance being processed, once {@link #loadDecoderBias} ran. */
    double[] decoderBias() {
        return decoderBias;
    }

    double[] reconstruction() {
        return reconstruction;
    }

    LatentCodes codes() {
        return codes;
    }

    void loadDecoderBias(int i) {
        views.decoderBias().read(i * outputs, decoderBias, outputs);
    }

    /** pre[l, ·] += bias[l] for the first {@code rows} columns; false if any result is not finite. */
    boolean addBiasAndCheckFinite(int rows, double[] bias) {
        // v·0 is ±0 for finite v and NaN otherwise; four sums keep the adds independent.
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        for (int l = 0; l < latents; l++) {
            double add = bias[l];
            int k = l * rows;
            int end = k + rows;
            for (; k + 3 < end; k += 4) {
                pre[k] += add;
                pre[k + 1] += add;
                pre[k + 2] += add;
                pre[k + 3] += add;
                p0 += pre[k] * 0.0;
                p1 += pre[k + 1] * 0.0;
                p2 += pre[k + 2] * 0.0;
                p3 += pre[k + 3] * 0.0;
            }
            for (; k < end; k++) {
                pre[k] += add;
                p0 += pre[k] * 0.0;
            }
        }
        return p0 + p1 + p2 + p3 == 0;
    }

    /** The rule's selection of instance i's first {@code rows} rows; training updates a kept threshold. */
    void select(int i, int rows, boolean training, List<LatentPass> passes) {
        if (views.threshold() != null) {
            views.threshold().read(i * latents, thresholdRow, latents);
        }
        for (LatentPass pass : passes) {
            pass.beforeSelect(i, rows);
        }
        architecture.select(pre, latents, rows, training, thresholdRow, codes);
        if (views.threshold() != null && training) {
            views.threshold().write(i * latents, thresholdRow, latents);
        }
    }

    /** x̂ = b_dec + Σ over active pairs of z·D[l], for the first {@code rows} rows (b_dec loaded). */
    void decode(int i, int rows) {
        for (int b = 0; b < rows; b++) {
            System.arraycopy(decoderBias, 0, reconstructionRows[b], 0, outputs);
        }
        double[] decoderRows = views.decoderRows();
        for (int l = 0; l < latents; l++) {
            int end = codes.start(l + 1);
            if (codes.start(l) == end) {
                continue;
            }
            views.loadDecoderRow(i, l);
            System.arraycopy(decoderRows, l * outputs, unitRow, 0, outputs);
            for (int e = codes.start(l); e < end; e++) {
                RowOps.axpy(codes.value(e), unitRow, reconstructionRows[codes.row(e)], outputs);
            }
        }
        RowOps.join(reconstructionRows, reconstruction, rows, outputs);
    }
}
