package dev.superpose.analysis.sae;

/**
 * What a trained SAE produced on a held-out set, as plain row-major arrays: the inputs x
 * [samples, dim], their reconstructions x̂ [samples, dim], the codes z [samples, latents], and
 * the decoder W_dec [latents, dim] whose rows are the latent directions.
 */
public record SaeOutputs(int samples, int dim, int latents, float[] inputs, float[] reconstructions, float[] codes,
                         float[] decoder) {
    public SaeOutputs {
        if (samples < 1 || dim < 1 || latents < 1) {
            throw new IllegalArgumentException("SAE outputs need at least 1 sample, dimension and latent, got "
                    + samples + ", " + dim + " and " + latents);
        }
        check("inputs", inputs, (long) samples * dim, samples + "x" + dim);
        check("reconstructions", reconstructions, (long) samples * dim, samples + "x" + dim);
        check("codes", codes, (long) samples * latents, samples + "x" + latents);
        check("decoder", decoder, (long) latents * dim, latents + "x" + dim);
    }

    private static void check(String name, float[] values, long expected, String shape) {
        if (values.length != expected) {
            throw new IllegalArgumentException("SAE " + name + " must be " + shape + " (" + expected + " values), got "
                    + values.length);
        }
    }
}
