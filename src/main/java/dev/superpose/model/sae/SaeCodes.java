package dev.superpose.model.sae;

/**
 * One SAE's inference output for n input rows: the codes z [n, L] and the reconstructions
 * x̂ [n, d_out] (of the input for an SAE, of the target for a transcoder), row-major.
 */
public record SaeCodes(int rows, int outputs, int latents, float[] codes, float[] reconstructions) {

    public SaeCodes {
        if (codes.length != (long) rows * latents || reconstructions.length != (long) rows * outputs) {
            throw new IllegalArgumentException("codes must hold " + rows + "x" + latents + " and reconstructions "
                    + rows + "x" + outputs + " values, got " + codes.length + " and " + reconstructions.length);
        }
    }
}
