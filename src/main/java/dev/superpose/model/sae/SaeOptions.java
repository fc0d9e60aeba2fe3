package dev.superpose.model.sae;

/**
 * Structural choices of an SAE stack beyond its sparsity rule.
 *
 * @param decoderNorm     how decoder rows stay at unit norm
 * @param tiedEncoderInit start the encoder as the decoder's transpose (else independent random directions)
 * @param decoderBiasInit where b_dec starts
 * @param tied            one matrix: the encoder is the (unit-row) decoder's transpose throughout
 * @param deadWindow      a latent that has not fired for this many steps is dead (AuxK, resampling)
 * @param resampling      what happens to dead latents
 * @param resampleEvery   steps between resamplings (when resampling is not {@link Resampling#NONE})
 * @param auxK            the auxiliary loss of the top-k rules, or {@link AuxK#OFF}
 * @param inputNormalization what the model does to each input row before encoding it
 * @param initialisation  how the parameters start
 * @param resampleTuning  the resampled latents' scales and whether their Adam state is reset
 * @param codePath        how the training pass decodes and takes gradients: {@link CodePath#AUTO} in every
 *                        run (not a config setting: the paths agree within float rounding); tests and the
 *                        benchmark force one
 */
public record SaeOptions(DecoderNorm decoderNorm, boolean tiedEncoderInit, DecoderBiasInit decoderBiasInit,
                         boolean tied, int deadWindow, Resampling resampling, int resampleEvery, AuxK auxK,
                         InputNormalization inputNormalization, Initialisation initialisation,
                         ResampleTuning resampleTuning, CodePath codePath) {
    /** {@link #deadWindow} when none is given. */
    public static final int DEFAULT_DEAD_WINDOW = 1000;
    /** Projected unit-norm decoder, tied initialisation, b_dec at the geometric median. */
    public static final SaeOptions DEFAULT = new SaeOptions(DecoderNorm.PROJECTED, true,
            DecoderBiasInit.GEOMETRIC_MEDIAN);

    public SaeOptions {
        if (decoderNorm == null || decoderBiasInit == null || resampling == null || auxK == null
                || inputNormalization == null || initialisation == null || resampleTuning == null
                || codePath == null) {
            throw new IllegalArgumentException("SAE options need a decoder norm, a b_dec initialisation, a"
                    + " resampling kind, an AuxK setting, an input normalisation and an initialisation, got "
                    + decoderNorm + ", " + decoderBiasInit + ", " + resampling + ", " + auxK + ", "
                    + inputNormalization + ", " + initialisation + ", " + resampleTuning + " and " + codePath);
        }
        if (deadWindow < 1) {
            throw new IllegalArgumentException("the dead-latent window must be >= 1 step, got " + deadWindow);
        }
        if (resampleEvery < 1) {
            throw new IllegalArgumentException("the resampling interval must be >= 1 step, got " + resampleEvery);
        }
    }

    /** An untied SAE without resampling or AuxK. */
    public SaeOptions(DecoderNorm decoderNorm, boolean tiedEncoderInit, DecoderBiasInit decoderBiasInit) {
        this(decoderNorm, tiedEncoderInit, decoderBiasInit, false, DEFAULT_DEAD_WINDOW, Resampling.NONE,
                DEFAULT_DEAD_WINDOW, AuxK.OFF, InputNormalization.NONE, Initialisation.UNIT_ROWS,
                ResampleTuning.DEFAULT, CodePath.AUTO);
    }

    public SaeOptions withResampling(Resampling kind, int every, int window) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, window, kind, every, auxK,
                inputNormalization, initialisation, resampleTuning, codePath);
    }

    public SaeOptions withAuxK(AuxK aux, int window) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, window, resampling,
                resampleEvery, aux, inputNormalization, initialisation, resampleTuning, codePath);
    }

    public SaeOptions withTied(boolean tiedWeights) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tiedWeights, deadWindow, resampling,
                resampleEvery, auxK, inputNormalization, initialisation, resampleTuning, codePath);
    }

    public SaeOptions withInputNormalization(InputNormalization normalization) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, deadWindow, resampling,
                resampleEvery, auxK, normalization, initialisation, resampleTuning, codePath);
    }

    public SaeOptions withResampleTuning(ResampleTuning tuning) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, deadWindow, resampling,
                resampleEvery, auxK, inputNormalization, initialisation, tuning, codePath);
    }

    public SaeOptions withInitialisation(Initialisation init) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, deadWindow, resampling,
                resampleEvery, auxK, inputNormalization, init, resampleTuning, codePath);
    }

    public SaeOptions withCodePath(CodePath path) {
        return new SaeOptions(decoderNorm, tiedEncoderInit, decoderBiasInit, tied, deadWindow, resampling,
                resampleEvery, auxK, inputNormalization, initialisation, resampleTuning, path);
    }
}
