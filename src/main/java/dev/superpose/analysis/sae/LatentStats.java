package dev.superpose.analysis.sae;

/**
 * One row of {@code latents.csv}.
 *
 * @param firingFrequency fraction of held-out samples on which the latent is non-zero (0: dead)
 * @param decoderNorm     ‖W_dec[latent]‖
 * @param maxCosine       best cosine of its decoder row to any true feature (NaN without ground truth)
 * @param feature         that feature (-1 without ground truth)
 */
public record LatentStats(int latent, double firingFrequency, double decoderNorm, double maxCosine, int feature) {
}
