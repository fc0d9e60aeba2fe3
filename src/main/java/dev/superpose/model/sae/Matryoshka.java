package dev.superpose.model.sae;

import java.util.Arrays;
import java.util.List;

/**
 * The Matryoshka SAE (Bussmann et al. 2025, "Learning Multi-Level Features with Matryoshka
 * Sparse Autoencoders"), with BatchTopK codes: nested prefixes of the dictionary, latents
 * [0, m) for each prefix size m, must each reconstruct the input on their own, so early latents
 * learn general features and a later latent cannot absorb an early one's direction. With the
 * codes z chosen once by {@link BatchTopK} over the whole dictionary (as in the paper's code; each
 * prefix uses the same codes, truncated):
 * <pre>
 *   x̂_m = b_dec + Σ_{l &lt; m} z_l·D[l]        loss = MSE(x̂_L, x) + Σ_{inner m} MSE(x̂_m, x)  (+ λ·L1, AuxK)
 * </pre>
 * a sum over levels as in SAELens (the full dictionary, m = L, is the main pass's). Inference and
 * the threshold are BatchTopK's.
 *
 * @param k              active latents per sample on average
 * @param thresholdDecay BatchTopK's running-threshold weight
 * @param prefixes       the prefix sizes, strictly increasing, each in [1, latents]; the full
 *                       dictionary is always the last level (listing it changes nothing)
 */
public record Matryoshka(int k, double thresholdDecay, List<Integer> prefixes) implements Architecture {

    public Matryoshka {
        prefixes = List.copyOf(prefixes);
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("matryoshka needs at least one prefix size");
        }
        for (int p = 0; p < prefixes.size(); p++) {
            if (prefixes.get(p) < 1 || p > 0 && prefixes.get(p) <= prefixes.get(p - 1)) {
                throw new IllegalArgumentException("matryoshka prefix sizes must be strictly increasing and >= 1, got "
                        + prefixes);
            }
        }
        // validates k and the decay
        new BatchTopK(k, thresholdDecay);
    }

    public static Matryoshka of(int k, List<Integer> prefixes) {
        return new Matryoshka(k, BatchTopK.DEFAULT_THRESHOLD_DECAY, prefixes);
    }

    private BatchTopK codes() {
        return new BatchTopK(k, thresholdDecay);
    }

    @Override
    public String name() {
        return "matryoshka";
    }

    @Override
    public Penalty penalty() {
        return Penalty.L1_OF_CODES;
    }

    @Override
    public void requireFits(int latents) {
        codes().requireFits(latents);
        int last = prefixes.get(prefixes.size() - 1);
        if (last > latents) {
            throw new IllegalArgumentException("matryoshka prefix sizes must be at most the latent count " + latents
                    + ", got " + prefixes);
        }
    }

    /** The prefix sizes below the full dictionary of {@code latents}: the levels the pass adds. */
    int[] innerLevels(int latents) {
        return prefixes.stream().mapToInt(Integer::intValue).filter(m -> m < latents).toArray();
    }

    @Override
    public boolean keepsThreshold() {
        return true;
    }

    @Override
    public boolean allowsAuxK() {
        return true;
    }

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        codes().select(pre, latents, rows, training, threshold, out);
    }

    @Override
    public LatentPass pass(PassContext context) {
        int[] inner = innerLevels(context.latents());
        return inner.length == 0 ? null : new Pass(context, inner);
    }

    /**
     * The inner levels' losses and gradients, after the main pass (the full level). Partial
     * reconstructions x̂_m are built by adding latents in index order; with g_m = dMSE_m/dx̂_m, a
     * latent l collects S = Σ_{levels m &gt; l} g_m, so each firing latent costs the main pass's
     * row operations once more ({@link PassContext#addLatentGradients}): decoder row Σ_b z_bl·S_b
     * (projected), dz_bl = S_b·D[l] for the encoder row, b_enc and (through the encoder input)
     * b_dec; b_dec also gains Σ_m Σ_b g_m directly. The levels reconstruct the target (the input
     * for an SAE).
     */
    private static final class Pass implements LatentPass {
        private final PassContext c;
        private final int[] inner;
        /** g_m per inner level, B × d_out each. */
        private final double[][] levelGradient;
        private final double[] partial;
        private final double[] running;
        private final double[] biasGradient;

        Pass(PassContext context, int[] inner) {
            this.c = context;
            this.inner = inner;
            int n = context.batch() * context.outputs();
            this.levelGradient = new double[inner.length][n];
            this.partial = new double[n];
            this.running = new double[n];
            this.biasGradient = new double[context.outputs()];
        }

        @Override
        public void beforeSelect(int i, int rows) {
        }

        @Override
        public double afterBackward(int i, double coefficient) {
            int batch = c.batch();
            int d = c.outputs();
            double[] y = c.target();
            double[] bDec = c.decoderBias();
            // the main pass's decode loaded the rows of every firing latent
            double[] decoderRows = c.decoderRows();
            LatentCodes codes = c.codes();
            for (int b = 0; b < batch; b++) {
                System.arraycopy(bDec, 0, partial, b * d, d);
            }
            Arrays.fill(biasGradient, 0);
            double scale = 2.0 / ((double) batch * d);
            double loss = 0;
            int l = 0;
            for (int level = 0; level < inner.length; level++) {
                for (; l < inner[level]; l++) {
                    for (int e = codes.start(l); e < codes.start(l + 1); e++) {
                        RowOps.axpy(codes.value(e), decoderRows, l * d, partial, codes.row(e) * d, d);
                    }
                }
                double squares = 0;
                double[] g = levelGradient[level];
                for (int b = 0, k = 0; b < batch; b++) {
                    for (int j = 0; j < d; j++, k++) {
                        double err = partial[k] - y[k];
                        squares += err * err;
                        g[k] = scale * err;
                        biasGradient[j] += g[k];
                    }
                }
                loss += squares / ((double) batch * d);
            }
            double[] latentSums = c.latentSums();
            Arrays.fill(running, 0);
            for (int level = inner.length - 1; level >= 0; level--) {
                double[] g = levelGradient[level];
                for (int k = 0; k < running.length; k++) {
                    running[k] += g[k];
                }
                for (int m = level == 0 ? 0 : inner[level - 1]; m < inner[level]; m++) {
                    if (codes.start(m) < codes.start(m + 1)) {
                        latentSums[m] += c.addLatentGradients(i, m, codes, m, running);
                    }
                }
            }
            c.writeEncoderBiasGradient(i, latentSums, latentSums);
            c.addDecoderBiasGradient(i, biasGradient);
            return loss;
        }
    }
}
