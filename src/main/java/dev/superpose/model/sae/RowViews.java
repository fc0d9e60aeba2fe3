package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * One thread's views of a stack's parameters and gradients, and the decoder rows as the model
 * uses them: read on demand (only latents that fire), scaled to unit norm, into
 * {@link #decoderRows()}. Not thread-safe: one per thread.
 */
final class RowViews {
    private final int latents;
    /** d_out: the decoder rows' length. */
    private final int outputs;
    private final DecoderNorm decoderNorm;
    private final ArrayElements encoder;
    private final ArrayElements decoder;
    private final ArrayElements encoderBias;
    private final ArrayElements decoderBias;
    private final ArrayElements threshold;
    private final ArrayElements gradEncoder;
    private final ArrayElements gradDecoder;
    private final ArrayElements gradEncoderBias;
    private final ArrayElements gradDecoderBias;
    private final double[] decoderRows;
    /** ‖v_l‖ of the rows in {@link #decoderRows} under weight norm; 1 for projected rows, held at unit norm. */
    private final double[] rowNorm;
    private final double[] row;
    /** Tied stacks: the decoder-row gradient being folded. */
    private final double[] foldRow;

    RowViews(SaeParameters p) {
        this.latents = p.latents();
        this.outputs = p.outputs();
        this.decoderNorm = p.decoderNorm();
        this.encoder = ArrayElements.of(p.encoder());
        this.decoder = ArrayElements.of(p.decoder());
        this.encoderBias = ArrayElements.of(p.encoderBias());
        this.decoderBias = ArrayElements.of(p.decoderBias());
        this.threshold = p.threshold() == null ? null : ArrayElements.of(p.threshold());
        this.gradEncoder = ArrayElements.of(p.gradEncoder());
        this.gradDecoder = ArrayElements.of(p.gradDecoder());
        this.gradEncoderBias = ArrayElements.of(p.gradEncoderBias());
        this.gradDecoderBias = ArrayElements.of(p.gradDecoderBias());
        this.decoderRows = new double[latents * outputs];
        this.rowNorm = new double[latents];
        this.row = new double[outputs];
        // tied stacks are SAEs: encoder rows have the decoder rows' length
        this.foldRow = p.tied() ? new double[outputs] : null;
    }

    ArrayElements encoder() {
        return encoder;
    }

    ArrayElements decoder() {
        return decoder;
    }

    ArrayElements encoderBias() {
        return encoderBias;
    }

    ArrayElements decoderBias() {
        return decoderBias;
    }

    /** The untrained threshold's view, or null when the architecture keeps none. */
    ArrayElements threshold() {
        return threshold;
    }

    ArrayElements gradEncoder() {
        return gradEncoder;
    }

    ArrayElements gradDecoder() {
        return gradDecoder;
    }

    ArrayElements gradEncoderBias() {
        return gradEncoderBias;
    }

    ArrayElements gradDecoderBias() {
        return gradDecoderBias;
    }

    /** The unit decoder rows loaded so far, [L·d_out]. */
    double[] decoderRows() {
        return decoderRows;
    }

    double rowNorm(int l) {
        return rowNorm[l];
    }

    /**
     * Reads decoder row l of instance i, scaled to unit norm, into {@link #decoderRows()}: the
     * model always decodes with unit rows. Projected rows are unit already at the start of a step
     * (a no-op up to rounding), but not after the last update, when inference may run.
     */
    void loadDecoderRow(int i, int l) {
        decoder.read((i * latents + l) * outputs, row, outputs);
        double norm = Math.sqrt(RowOps.dot(row, 0, row, 0, outputs));
        for (int j = 0; j < outputs; j++) {
            row[j] /= norm;
        }
        rowNorm[l] = decoderNorm == DecoderNorm.WEIGHT_NORM ? norm : 1;
        System.arraycopy(row, 0, decoderRows, l * outputs, outputs);
    }

    /**
     * gradient ← its component orthogonal to the loaded (unit) decoder row l, divided by ‖v_l‖
     * under weight norm: the gradient with respect to the parameter row. Renormalised rows keep
     * the whole gradient ({@link DecoderNorm#RENORMALISED}).
     */
    void projectOntoTangent(double[] gradient, int l) {
        if (decoderNorm == DecoderNorm.RENORMALISED) {
            return;
        }
        int rowOffset = l * outputs;
        double norm = rowNorm[l];
        double along = 0;
        for (int j = 0; j < outputs; j++) {
            along += gradient[j] * decoderRows[rowOffset + j];
        }
        for (int j = 0; j < outputs; j++) {
            gradient[j] = (gradient[j] - along * decoderRows[rowOffset + j]) / norm;
        }
    }

    /** Renormalises instance i's decoder rows (unless under weight norm, whose parameter is free); whether every row has a finite, positive norm. */
    boolean normaliseDecoder(int i) {
        return scanDecoder(i, decoderNorm != DecoderNorm.WEIGHT_NORM);
    }

    /** Whether every decoder row of instance i has a finite, positive norm; the rows stay as they are. */
    boolean decoderUsable(int i) {
        return scanDecoder(i, false);
    }

    private boolean scanDecoder(int i, boolean rescale) {
        boolean usable = true;
        for (int l = 0; l < latents; l++) {
            int offset = (i * latents + l) * outputs;
            decoder.read(offset, row, outputs);
            double norm = Math.sqrt(RowOps.dot(row, 0, row, 0, outputs));
            usable &= norm > 0 && norm < Double.POSITIVE_INFINITY;
            if (rescale) {
                for (int j = 0; j < outputs; j++) {
                    row[j] /= norm;
                }
                decoder.write(offset, row, outputs);
            }
        }
        return usable;
    }

    /**
     * Tied weights, W_enc = W_decᵀ throughout: instance i's encoder rows ← its decoder rows scaled
     * to unit norm. The encoder buffer is then derived state, not a parameter.
     */
    void copyDecoderIntoEncoder(int i) {
        for (int l = 0; l < latents; l++) {
            loadDecoderRow(i, l);
            encoder.write((i * latents + l) * outputs, row, outputs);
        }
    }

    /**
     * Tied weights: for the {@code count} latents {@code rows[from ..]} whose gradient rows the
     * pass wrote, gradDecoder[l] += (g − (g·u)u)/‖v‖ with g = gradEncoder[l] and u the unit row:
     * the decoder's gradient collects both uses through the same projection.
     */
    void foldEncoderGradient(int i, int[] rows, int from, int count, double[] gradRow) {
        for (int k = from; k < from + count; k++) {
            int l = rows[k];
            int offset = (i * latents + l) * outputs;
            loadDecoderRow(i, l);
            gradEncoder.read(offset, gradRow, outputs);
            projectOntoTangent(gradRow, l);
            gradDecoder.read(offset, foldRow, outputs);
            for (int j = 0; j < outputs; j++) {
                foldRow[j] += gradRow[j];
            }
            gradDecoder.write(offset, foldRow, outputs);
        }
    }
}
