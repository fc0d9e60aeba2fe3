package dev.superpose.analysis.sae;

/**
 * Feature absorption (Chanin et al. 2024, "A is for Absorption"): a parent feature's latent stops
 * firing where a child feature is present, because the child's latent has absorbed the parent's
 * direction. For a parent feature with known direction, its latent is the one whose decoder row
 * is most similar (cosine); the parent's absorption rate is the fraction of samples holding the
 * parent together with one of its children on which that latent does not fire. 0: the parent's
 * latent fires whenever the parent is present; 1: a child always takes it over.
 */
public final class Absorption {
    private Absorption() {
    }

    /** The latent whose decoder row ([L, d], row-major) has the largest cosine with {@code direction}. */
    public static int matchingLatent(float[] decoderRows, int latents, int dim, float[] direction, int offset) {
        int best = -1;
        double bestCosine = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < latents; l++) {
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                dot += decoderRows[l * dim + j] * direction[offset + j];
                norm += decoderRows[l * dim + j] * decoderRows[l * dim + j];
            }
            double cosine = norm > 0 ? dot / Math.sqrt(norm) : Double.NEGATIVE_INFINITY;
            if (cosine > bestCosine) {
                bestCosine = cosine;
                best = l;
            }
        }
        return best;
    }

    /**
     * The absorption rate of one parent: over samples {@code withChild} (parent and a child
     * present), the fraction on which {@code latent}'s code ([rows, L], row-major) is zero; NaN
     * when no sample holds a child.
     */
    public static double rate(float[] codes, int latents, int latent, boolean[] withChild) {
        int cases = 0;
        int silent = 0;
        for (int r = 0; r < withChild.length; r++) {
            if (withChild[r]) {
                cases++;
                silent += codes[r * latents + latent] == 0 ? 1 : 0;
            }
        }
        return cases == 0 ? Double.NaN : (double) silent / cases;
    }
}
