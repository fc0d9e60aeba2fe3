package dev.superpose.model.sae;

/**
 * The auxiliary loss of Gao et al. 2024 ("Scaling and evaluating sparse autoencoders") for the
 * top-k rules: the k largest pre-activations among each sample's dead latents (positive ones
 * only) reconstruct the main reconstruction's error e = x − x̂ through the decoder (no b_dec),
 * ê = Σ a_l·W_dec[l], and the loss gains coefficient · mean_b mean_d (ê − e)². The error e is a
 * constant for the gradient (as in the authors' code: the auxiliary loss must not make the main
 * reconstruction worse), so it trains only the dead latents' encoder and decoder rows, b_enc and,
 * through the encoder input x − b_dec, b_dec.
 *
 * @param k           dead latents per sample; 0 switches the loss off
 * @param coefficient the loss's weight (Gao et al.: 1/32)
 */
public record AuxK(int k, double coefficient) {
    public static final AuxK OFF = new AuxK(0, 0.0);

    public AuxK {
        if (k < 0) {
            throw new IllegalArgumentException("aux-k must be >= 0 (0 = off), got " + k);
        }
        if (!(coefficient >= 0 && coefficient < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the AuxK coefficient must be finite and >= 0, got " + coefficient);
        }
    }

    public boolean enabled() {
        return k > 0;
    }

    /** Checks that the loss applies to {@code rule} (one that {@link Architecture#allowsAuxK() allows it}) and that k fits {@code latents}. */
    public void requireFits(Architecture rule, int latents) {
        if (enabled() && !rule.allowsAuxK()) {
            throw new IllegalArgumentException("AuxK applies to the top-k rules, not " + rule.name());
        }
        if (k > latents) {
            throw new IllegalArgumentException("aux-k must be at most the latent count " + latents + ", got " + k);
        }
    }
}
