package dev.superpose.train;

/**
 * What may differ between the SAEs of one stack.
 *
 * @param seed        the initialisation's seed (the data is the stack's)
 * @param l1          λ of the L1 penalty (0 for the top-k rules unless a penalty is wanted on top)
 * @param lr          base learning rate, scaled by the stack's schedule
 * @param weightDecay decoupled weight decay on W_enc and W_dec, applied under AdamW only
 */
public record SaeInstanceSpec(long seed, double l1, double lr, double weightDecay) {

    public SaeInstanceSpec {
        if (!(l1 >= 0 && l1 < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's L1 coefficient must be finite and >= 0, got " + l1);
        }
        if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's learning rate must be finite and > 0, got " + lr);
        }
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("an SAE's weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    public SaeInstanceSpec(long seed, double l1, double lr) {
        this(seed, l1, lr, 0.0);
    }
}
