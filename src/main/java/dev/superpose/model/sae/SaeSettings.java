package dev.superpose.model.sae;

import dev.superpose.config.SaeConfig;

/** The model's view of an {@code sae} section: its sparsity rule and structural options. */
public final class SaeSettings {
    private SaeSettings() {
    }

    public static Architecture architecture(SaeConfig sae) {
        return switch (sae.architecture()) {
            case RELU -> new Relu();
            case TOPK -> new TopK(sae.k());
            case BATCHTOPK -> BatchTopK.of(sae.k());
            case JUMPRELU -> new JumpRelu(sae.bandwidth(), sae.initialThreshold());
            case GATED -> new Gated();
            case MATRYOSHKA -> Matryoshka.of(sae.k(), sae.matryoshkaPrefixes());
        };
    }

    /** λ of the instance: the weight of its architecture's {@link Architecture#penalty()}, read from the setting named for it. */
    public static double sparsityCoefficient(SaeConfig sae) {
        return switch (architecture(sae).penalty()) {
            case L1_OF_CODES, L1_OF_GATE -> sae.l1Coefficient();
            case L0_OF_CODES -> sae.l0Coefficient();
        };
    }

    /**
     * The shape of a model that reads {@code inputs}-dimensional rows and reconstructs
     * {@code outputs}-dimensional ones: a transcoder's when {@code sae.target} says so.
     */
    public static SaeShape shape(SaeConfig sae, int inputs, int outputs) {
        return sae.target().transcoder() ? SaeShape.transcoder(inputs, outputs) : SaeShape.autoencoder(inputs);
    }

    /** The structural options; the config holds this package's enums, so they pass through unmapped. */
    public static SaeOptions options(SaeConfig sae) {
        return new SaeOptions(sae.decoderNorm(), sae.encoderFromDecoder(), sae.decoderBiasInit(), sae.tied(),
                sae.deadWindow(), sae.resampling(), sae.resampleEvery(),
                sae.auxK() == 0 ? AuxK.OFF : new AuxK(sae.auxK(), sae.auxCoefficient()), sae.inputNormalization(),
                sae.init(), new ResampleTuning(sae.resampleScale(), sae.resampleEncoderScale(), sae.resampleResetAdam()),
                CodePath.AUTO);
    }
}
