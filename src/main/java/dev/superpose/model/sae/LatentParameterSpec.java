package dev.superpose.model.sae;

import java.util.function.DoubleUnaryOperator;

/**
 * A trained per-latent parameter of an architecture beyond W_enc, W_dec, b_enc and b_dec: [I, L]
 * in the stack, no weight decay, its Adam rows reset with the latent's on resampling.
 *
 * @param name         its name in the stack and the training state
 * @param start        every latent's value at the start and after resampling
 * @param exportName   its name in a trial's weights ({@code threshold} is read by inference tools)
 * @param toExported   stored value → exported value (e.g. log θ → θ)
 * @param fromExported the inverse, for loading weights
 */
public record LatentParameterSpec(String name, double start, String exportName, DoubleUnaryOperator toExported,
                                  DoubleUnaryOperator fromExported) {

    /** A parameter exported as stored, under its own name. */
    public static LatentParameterSpec plain(String name, double start) {
        return new LatentParameterSpec(name, start, name, DoubleUnaryOperator.identity(),
                DoubleUnaryOperator.identity());
    }
}
