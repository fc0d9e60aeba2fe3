package dev.superpose.model.sae;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link LatentParameterSpec}'s storage in a stack: value and gradient, both [I, L]. */
public record LatentParameter(LatentParameterSpec spec, INDArray value, INDArray gradient) {

    public String name() {
        return spec.name();
    }
}
