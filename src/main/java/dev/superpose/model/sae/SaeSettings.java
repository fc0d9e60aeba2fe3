package dev.superpose.model.sae;

import dev.superpose.config.BadInputException;
import dev.superpose.config.SaeConfig;

/** The model's view of an {@code sae} section: its sparsity rule and structural options. */
public final class SaeSettings {
    private SaeSettings() {
    }

    /** @throws BadInputException for an architecture this build cannot run */
    public static SaeActivation activation(SaeConfig sae) {
        return switch (sae.architecture()) {
            case RELU -> new Relu();
            case TOPK -> new TopK(sae.k());
            case BATCHTOPK -> BatchTopK.of(sae.k());
            case JUMPRELU, GATED -> throw new BadInputException("sae.architecture = " + sae.architecture().id()
                    + " is not trainable in this build (relu, topk and batchtopk are)");
        };
    }

    public static SaeOptions options(SaeConfig sae) {
        DecoderNorm norm = switch (sae.decoderNorm()) {
            case UNIT -> DecoderNorm.PROJECTED;
            case WEIGHT_NORM -> DecoderNorm.WEIGHT_NORM;
        };
        DecoderBiasInit biasInit = switch (sae.decoderBiasInit()) {
            case GEOMETRIC_MEDIAN -> DecoderBiasInit.GEOMETRIC_MEDIAN;
            case MEAN -> DecoderBiasInit.MEAN;
            case ZERO -> DecoderBiasInit.ZERO;
        };
        return new SaeOptions(norm, sae.encoderFromDecoder(), biasInit);
    }
}
