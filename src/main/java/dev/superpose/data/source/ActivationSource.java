package dev.superpose.data.source;

import java.util.Optional;

/**
 * Where an SAE's input activations come from ({@code source.kind}). Like a
 * {@link dev.superpose.data.FeatureSampler}, a source is seeded and counter-based: sample b of
 * step t is a pure function of (source settings, seed, t, b), so an SAE draws the same data
 * alone or in any stack, and a resumed run continues exactly.
 *
 * <p>Training reads steps 0, 1, 2, …; the held-out set used for metrics never coincides with
 * them. Sources may keep scratch space and are not thread-safe.
 */
public sealed interface ActivationSource permits TmsSource, SharkeySource, GaussianSource, FfnSource, DatasetSource {
    /** The step generated sources draw their held-out set from: training steps are >= 0. */
    long HELD_OUT_STEP = -1;

    /** The length of one activation vector. */
    int dim();

    /** The true feature directions, for sources built from a known dictionary. */
    Optional<GroundTruth> groundTruth();

    /**
     * Writes samples 0..batch-1 of {@code step} as a row-major [batch, dim] block into
     * {@code target} starting at {@code offset}.
     */
    void fill(long step, int batch, float[] target, int offset);

    /** Samples 0..rows-1 of {@code step}. */
    default Activations draw(long step, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("cannot draw " + rows + " activation rows");
        }
        float[] values = new float[Math.multiplyExact(rows, dim())];
        fill(step, rows, values, 0);
        return new Activations(rows, dim(), values);
    }

    /** {@code rows} samples no training step sees, for evaluation. */
    default Activations heldOut(int rows) {
        return draw(HELD_OUT_STEP, rows);
    }
}
