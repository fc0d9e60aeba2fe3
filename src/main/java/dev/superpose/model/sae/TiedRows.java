package dev.superpose.model.sae;

/**
 * Tied weights, W_enc = W_decᵀ throughout: one matrix, the decoder, whose rows (unit-norm as the
 * model uses them) the stack copies into its encoder buffer before each encoder product, and
 * whose gradient collects both uses: after a pass, each written encoder-gradient row is added to
 * the decoder's through the same tangent projection (and 1/‖v‖ under weight norm) that the
 * decoder's own part went through. The encoder buffer is then derived state, not a parameter.
 * One object per worker thread.
 */
final class TiedRows {
    private final SaeStack stack;
    private final SaeStack.InstanceWork w;
    private final double[] gradient;

    TiedRows(SaeStack stack, SaeStack.InstanceWork w) {
        this.stack = stack;
        this.w = w;
        this.gradient = new double[stack.inputs()];
    }

    /** Instance i's encoder rows ← its decoder rows scaled to unit norm (as stored when projected). */
    void copyDecoderIntoEncoder(int i) {
        int d = stack.inputs();
        for (int l = 0; l < stack.latents(); l++) {
            // leaves the unit row in w.row
            w.loadDecoderRow(i, l);
            w.encoderView.write((i * stack.latents() + l) * d, w.row, d);
        }
    }

    /**
     * For the {@code count} latents {@code rows[from ..]} whose gradient rows the pass wrote:
     * gradDecoder[l] += (g − (g·u)u)/‖v‖ with g = gradEncoder[l] and u the unit row.
     */
    void foldEncoderGradient(int i, int[] rows, int from, int count) {
        int d = stack.inputs();
        for (int k = from; k < from + count; k++) {
            int l = rows[k];
            int offset = (i * stack.latents() + l) * d;
            w.loadDecoderRow(i, l);
            w.gradEncoderView.read(offset, w.gradRow, d);
            w.projectOntoTangent(l * d, w.rowNorm[l]);
            w.gradDecoderView.read(offset, gradient, d);
            for (int j = 0; j < d; j++) {
                gradient[j] += w.gradRow[j];
            }
            w.gradDecoderView.write(offset, gradient, d);
        }
    }
}
