package dev.superpose.train;

/**
 * What may differ between the SAEs of one stack.
 *
 * @param seed        the initialisation's seed (the data is the stack's)
 * @param sparsityCoefficient λ, the weight of the architecture's sparsity penalty ({@link
 *                    dev.superpose.model.sae.Architecture#penalty()}; for the top-k rules an L1 on top, 0 for none)
 * @param lr          base learning rate, scaled by the stack's schedule
 * @param weightDecay decoupled weight decay on W_enc and W_dec, applied under AdamW only
 */
public record SaeInstanceSpec(long seed, double sparsityCoefficient, double lr, double weightDecay) {

    public SaeInstanceSpec {
        if (!(sparsityCoefficient >= 0 && sparsityCoefficient < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's sparsity coefficient must be finite and >= 0, got "
                    + sparsityCoefficient);
        }
        if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's learning rate must be finite and > 0, got " + lr);
        }
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    public SaeInstanceSpec(long seed, double sparsityCoefficient, double lr) {
        this(seed, sparsityCoefficient, lr, 0.0);
    }
}
