package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stack of computation-in-superposition models (experiment {@code tms-abs}, Elhage et al. 2022):
 * a ReLU hidden layer learning |x| for sparse signed x, held instance-major in rank-3 arrays
 * ({@code W1: [I, H, F]}, {@code W2: [I, F, H]}, {@code b: [I, F]}) with hand-written batched
 * gradients.
 *
 * <p>Per instance, with x: [B, F] and importance imp: [F]:
 * <pre>
 *   z = x·W1ᵀ            h = ReLU(z)            pre = h·W2ᵀ + b          y = ReLU(pre)
 *   loss = mean over batch and features of imp·(y − |x|)²     (the TMS loss, target |x|)
 *   dPre = 2/(B·F)·imp·(y − |x|)·[pre &gt; 0]     db = Σ_batch dPre     dW2 = dPreᵀ·h
 *   dz = (dPre·W2)·[z &gt; 0]                      dW1 = dzᵀ·x
 * </pre>
 * The five matrix products are batched ND4J matmuls into preallocated outputs
 * ({@link NativeTmsActivations}); every element-wise step is one fused Java pass over cache-sized
 * blocks (native ops cost ~5–16 µs each even on tiny arrays). Unlike {@link TmsStack}, every
 * shape takes this native path. Nothing native is allocated per step, and instances never mix:
 * each one's gradient depends only on its own rows.
 */
public final class TmsAbsStack extends AbstractTmsStack {
    /** The names of a trial's arrays (its .npz and checkpoints): W1 [H, F], W2 [F, H], b_final [F]. */
    public static final String W1 = "W1";
    public static final String W2 = "W2";
    public static final String BIAS = "b_final";

    private final NativeTmsActivations activations;
    private final INDArray w1;
    private final INDArray w2;
    private final INDArray gradW1;
    private final INDArray gradW2;

    private final ArrayElements w1View;
    private final ArrayElements w2View;

    public TmsAbsStack(int instances, int features, int hidden, int batch, DataType dataType) {
        super(instances, features, hidden, batch, dataType);
        this.activations = new NativeTmsActivations(instances, features, hidden, batch, dataType, true, true);
        this.w1 = Nd4j.zeros(dataType, instances, hidden, features);
        this.w2 = Nd4j.zeros(dataType, instances, features, hidden);
        this.gradW1 = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradW2 = Nd4j.zeros(dataType, instances, features, hidden);
        this.w1View = ArrayElements.of(w1);
        this.w2View = ArrayElements.of(w2);
    }

    /**
     * Elements per instance of the work arrays a stack of this shape holds in native memory besides
     * its parameters and gradients: the activations, on every shape.
     */
    public static long workElements(int features, int hidden, int batch) {
        return NativeTmsActivations.elements(features, hidden, batch);
    }

    /** W1: [I, H, F], the input layer; updated in place by the optimiser. */
    public INDArray w1() {
        return w1;
    }

    /** W2: [I, F, H], the output layer; updated in place by the optimiser. */
    public INDArray w2() {
        return w2;
    }

    /** dLoss_i/dW1_i of the latest {@link #lossAndGradients} call: [I, H, F]. */
    public INDArray gradW1() {
        return gradW1;
    }

    /** dLoss_i/dW2_i of the latest {@link #lossAndGradients} call: [I, F, H]. */
    public INDArray gradW2() {
        return gradW2;
    }

    /** Sets instance {@code i}'s parameters from {@code weights}' W1 [H, F], W2 [F, H] and b_final [F]. */
    public void load(int i, TrialWeights weights) {
        write(w1View, i, weights.get(W1), hidden, features);
        write(w2View, i, weights.get(W2), features, hidden);
        write(biasView, i, weights.get(BIAS), features);
    }

    /** A copy of instance {@code i}'s parameters: W1 [H, F], W2 [F, H], b_final [F]. */
    public TrialWeights weights(int i) {
        return TrialWeights.of(
                new NamedArray(W1, new int[]{hidden, features}, readInstance(w1View, i, hidden * features)),
                new NamedArray(W2, new int[]{features, hidden}, readInstance(w2View, i, features * hidden)),
                new NamedArray(BIAS, new int[]{features}, readInstance(biasView, i, features)));
    }

    private static void write(ArrayElements view, int i, NamedArray array, int... shape) {
        if (!Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException(array.name() + " must be " + Arrays.toString(shape) + ", got "
                    + array.describe());
        }
        writeInstance(view, i, array.data());
    }

    /** {@inheritDoc} Fills {@link #gradW1()}, {@link #gradW2()} and {@link #gradBias()}. */
    @Override
    public void lossAndGradients(INDArray x, double[] importance, double[] lossOut) {
        ArrayElements xView = input(x);
        INDArray hiddenAct = activations.hidden();
        INDArray outputGrad = activations.output();
        INDArray gradHidden = activations.gradHidden();
        Nd4j.matmul(x, w1, hiddenAct, false, true, false);
        activations.reluHiddenInPlace();
        Nd4j.matmul(hiddenAct, w2, outputGrad, false, true, false);
        activations.outputLossAndGrad(xView, biasView, gradBiasView(), importance, lossOut);
        Nd4j.matmul(outputGrad, hiddenAct, gradW2, true, false, false);
        Nd4j.matmul(outputGrad, w2, gradHidden, false, false, false);
        activations.maskGradHiddenByPositiveHidden();
        Nd4j.matmul(gradHidden, x, gradW1, true, false, false);
    }

    @Override
    List<INDArray> ownArrays() {
        List<INDArray> arrays = new ArrayList<>(activations.arrays());
        arrays.addAll(List.of(w1, w2, gradW1, gradW2));
        return arrays;
    }
}
