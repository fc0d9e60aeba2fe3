package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A stack of toy models of superposition held instance-major in rank-3 arrays
 * ({@code W: [I, H, F]}, {@code b: [I, F]}) with hand-written batched gradients.
 *
 * <p>Per instance, with x: [B, F] and importance imp: [F]:
 * <pre>
 *   z = x·Wᵀ            h = ReLU(z) (NEURON) or z          pre = h·W + b
 *   out = ReLU(pre) (RELU_OUTPUT, NEURON) or pre
 *   loss = mean over batch and features of imp·(x − out)²
 *   dPre = 2/(B·F)·imp·(out − x)·[pre &gt; 0]     db = Σ_batch dPre
 *   dW = hᵀ·dPre + dzᵀ·x   with dz = (dPre·Wᵀ)·[z &gt; 0]
 * </pre>
 * The five matrix products are batched ND4J matmuls into preallocated outputs; every element-wise
 * step is one fused Java pass (native ops cost ~16 µs each even on tiny arrays, plus a memory
 * pass). Where the instance's shape makes BLAS slow, the whole pass runs in plain Java instead
 * ({@link TmsPath#of}): tiny instances in {@link FusedTmsPass}, wide ones with few hidden units in
 * {@link SparseRowTmsPass}. Nothing native is allocated per step. Instances never mix: each one's
 * gradient depends only on its own rows.
 */
public final class TmsStack extends AbstractTmsStack {
    private final TmsArchitecture architecture;
    private final TmsPath path;
    /** The plain-Java pass, or null on the native path. */
    private final TmsPass javaPass;
    private final double[] weightRow;
    private final double[] biasRow;
    private final double[] gradEncoderRow;
    private final double[] gradDecoderRow;
    private final double[] gradBiasRow;

    private final INDArray w;
    private final INDArray gradW;
    /** dzᵀ·x, added into {@link #gradW}. */
    private final INDArray gradWFromInput;

    private final ArrayElements wView;
    private final ArrayElements gradWView;
    private final ArrayElements gradWFromInputView;

    public TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch,
                    DataType dataType) {
        this(architecture, instances, features, hidden, batch, dataType, TmsPath.of(features, hidden));
    }

    TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch, DataType dataType,
             TmsPath path) {
        super(instances, features, hidden, batch, dataType, architecture.outputRelu(), false);
        this.architecture = architecture;
        this.path = path;
        this.javaPass = path.pass(architecture, features, hidden, batch);
        this.weightRow = new double[hidden * features];
        this.biasRow = new double[features];
        this.gradEncoderRow = new double[hidden * features];
        this.gradDecoderRow = new double[hidden * features];
        this.gradBiasRow = new double[features];
        this.w = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradW = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradWFromInput = Nd4j.zeros(dataType, instances, hidden, features);
        this.wView = ArrayElements.of(w);
        this.gradWView = ArrayElements.of(gradW);
        this.gradWFromInputView = ArrayElements.of(gradWFromInput);
    }

    /** How this stack computes its pass. */
    TmsPath path() {
        return path;
    }

    public DataType dataType() {
        return w.dataType();
    }

    /** W: [I, H, F], updated in place by the optimiser. */
    public INDArray w() {
        return w;
    }

    /** dLoss_i/dW_i of the latest {@link #lossAndGradients} call: [I, H, F]. */
    public INDArray gradW() {
        return gradW;
    }

    /** Sets instance {@code i}'s parameters. */
    public void load(int i, TmsWeights weights) {
        if (weights.hidden() != hidden || weights.features() != features) {
            throw new IllegalArgumentException("weights must be " + hidden + "x" + features + ", got "
                    + weights.hidden() + "x" + weights.features());
        }
        writeInstance(wView, i, weights.w());
        writeInstance(biasView, i, weights.bias());
    }

    /** A copy of instance {@code i}'s parameters. */
    public TmsWeights weights(int i) {
        return new TmsWeights(hidden, features, readInstance(wView, i, hidden * features),
                readInstance(biasView, i, features));
    }

    /** {@inheritDoc} Fills {@link #gradW()} and {@link #gradBias()}. */
    @Override
    public void lossAndGradients(INDArray x, double[] importance, double[] lossOut) {
        ArrayElements xView = input(x);
        if (javaPass != null) {
            javaLossAndGradients(xView, importance, lossOut);
            return;
        }
        Nd4j.matmul(x, w, hiddenAct, false, true, false);
        if (architecture.hiddenRelu()) {
            reluHiddenInPlace();
        }
        Nd4j.matmul(hiddenAct, w, outputGrad, false, false, false);
        outputLossAndGrad(xView, importance, lossOut);
        Nd4j.matmul(hiddenAct, outputGrad, gradW, true, false, false);
        Nd4j.matmul(outputGrad, w, gradHidden, false, true, false);
        if (architecture.hiddenRelu()) {
            maskGradHiddenByPositiveHidden();
        }
        Nd4j.matmul(gradHidden, x, gradWFromInput, true, false, false);
        addInPlace(gradWView, gradWFromInputView, instances * hidden * features);
    }

    /** Instance by instance in the plain-Java pass; W is both its encoder and its decoder, so dW = dE + dD. */
    private void javaLossAndGradients(ArrayElements xView, double[] importance, double[] lossOut) {
        int weights = hidden * features;
        for (int i = 0; i < instances; i++) {
            wView.read(i * weights, weightRow, weights);
            biasView.read(i * features, biasRow, features);
            lossOut[i] = javaPass.run(xView, i * batch * features, weightRow, weightRow, biasRow, importance,
                    i * features, gradEncoderRow, gradDecoderRow, gradBiasRow);
            for (int k = 0; k < weights; k++) {
                gradEncoderRow[k] += gradDecoderRow[k];
            }
            gradWView.write(i * weights, gradEncoderRow, weights);
            gradBiasView().write(i * features, gradBiasRow, features);
        }
    }

    @Override
    List<INDArray> ownArrays() {
        return List.of(w, gradW, gradWFromInput);
    }
}
