package dev.superpose.model.sae;

/**
 * How dead latents are given new directions beyond the kind of {@link Resampling}.
 *
 * @param scale              anthropic: the new encoder row's length as a multiple of the alive
 *                           latents' mean encoder norm (Anthropic 0.2, ARENA's {@code resample_scale} 0.5)
 * @param simpleEncoderScale simple: the new encoder row's length (ARENA: {@code resample_scale}, 0.5)
 * @param resetAdam          the resampled latents' Adam moments are zeroed (ARENA keeps them)
 */
public record ResampleTuning(double scale, double simpleEncoderScale, boolean resetAdam) {
    /** superpose's defaults: Anthropic's 0.2, unit simple rows, Adam state reset. */
    public static final ResampleTuning DEFAULT = new ResampleTuning(0.2, 1.0, true);

    public ResampleTuning {
        if (!(scale > 0 && Double.isFinite(scale)) || !(simpleEncoderScale > 0 && Double.isFinite(simpleEncoderScale))) {
            throw new IllegalArgumentException("resampling scales must be finite and > 0, got " + scale + " and "
                    + simpleEncoderScale);
        }
    }
}
