package dev.superpose.model.sae;

/**
 * One SAE's inference output for n input rows: the codes z [n, L] and the reconstructions
 * x̂ [n, d], row-major.
 */
public record SaeCodes(int rows, int inputs, int latents, float[] codes, float[] reconstructions) {

    public SaeCodes {
        if (codes.length != (long) rows * latents || reconstructions.length != (long) rows * inputs) {
            throw new IllegalArgumentException("codes must hold " + rows + "x" + latents + " and reconstructions "
                    + rows + "x" + inputs + " values, got " + codes.length + " and " + reconstructions.length);
        }
    }
}
