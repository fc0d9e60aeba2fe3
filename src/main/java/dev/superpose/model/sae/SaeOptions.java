package dev.superpose.model.sae;

/**
 * Structural choices of an SAE stack beyond its sparsity rule.
 *
 * @param decoderNorm     how decoder rows stay at unit norm
 * @param tiedEncoderInit start the encoder as the decoder's transpose (else independent random directions)
 * @param decoderBiasInit where b_dec starts
 */
public record SaeOptions(DecoderNorm decoderNorm, boolean tiedEncoderInit, DecoderBiasInit decoderBiasInit) {
    /** Projected unit-norm decoder, tied initialisation, b_dec at the geometric median. */
    public static final SaeOptions DEFAULT = new SaeOptions(DecoderNorm.PROJECTED, true,
            DecoderBiasInit.GEOMETRIC_MEDIAN);

    public SaeOptions {
        if (decoderNorm == null || decoderBiasInit == null) {
            throw new IllegalArgumentException("SAE options need a decoder norm and a b_dec initialisation, got "
                    + decoderNorm + " and " + decoderBiasInit);
        }
    }
}
