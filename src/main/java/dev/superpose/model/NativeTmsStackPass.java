package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link TmsPath#NATIVE}: the five products of a {@link TmsStack}'s step as batched ND4J matmuls
 * into preallocated outputs, with the element-wise steps between them as fused Java passes
 * ({@link NativeTmsActivations}). W is both the encoder and the decoder, so dW = hᵀ·dPre + dzᵀ·x.
 */
final class NativeTmsStackPass implements TmsStackPass {
    private final boolean hiddenRelu;
    private final NativeTmsActivations activations;
    /** dzᵀ·x, added into the stack's dW. */
    private final INDArray gradWFromInput;
    private final ArrayElements gradWFromInputView;

    NativeTmsStackPass(TmsArchitecture architecture, int instances, int features, int hidden, int batch,
                       DataType dataType) {
        this.hiddenRelu = architecture.hiddenRelu();
        this.activations = new NativeTmsActivations(instances, features, hidden, batch, dataType,
                architecture.outputRelu(), false);
        this.gradWFromInput = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradWFromInputView = ArrayElements.of(gradWFromInput);
    }

    /** Elements per instance of the native arrays this pass holds: the activations and dzᵀ·x [H, F]. */
    static long elements(long features, long hidden, long batch) {
        return NativeTmsActivations.elements(features, hidden, batch) + hidden * features;
    }

    @Override
    public void lossAndGradients(TmsStack stack, INDArray x, ArrayElements xView, double[] importance,
                                 double[] lossOut) {
        INDArray w = stack.w();
        Nd4j.matmul(x, w, activations.hidden(), false, true, false);
        if (hiddenRelu) {
            activations.reluHiddenInPlace();
        }
        Nd4j.matmul(activations.hidden(), w, activations.output(), false, false, false);
        activations.outputLossAndGrad(xView, stack.biasView, stack.gradBiasView(), importance, lossOut);
        Nd4j.matmul(activations.hidden(), activations.output(), stack.gradW(), true, false, false);
        Nd4j.matmul(activations.output(), w, activations.gradHidden(), false, true, false);
        if (hiddenRelu) {
            activations.maskGradHiddenByPositiveHidden();
        }
        Nd4j.matmul(activations.gradHidden(), x, gradWFromInput, true, false, false);
        activations.addInPlace(stack.gradWView(), gradWFromInputView, (int) gradWFromInput.length());
    }

    @Override
    public List<INDArray> nativeArrays() {
        List<INDArray> arrays = new ArrayList<>(activations.arrays());
        arrays.add(gradWFromInput);
        return arrays;
    }
}
