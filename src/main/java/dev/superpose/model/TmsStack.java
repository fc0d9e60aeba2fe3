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
 * pass). Instances of at most {@value #FUSED_MAX_WEIGHTS} weights skip the native ops altogether:
 * the whole pass runs in {@link FusedTmsPass}. Nothing native is allocated per step. Instances
 * never mix: each one's gradient depends only on its own rows.
 */
public final class TmsStack extends AbstractTmsStack {
    /**
     * Instances with at most this many weights (hidden × features) train in {@link FusedTmsPass},
     * plain Java, instead of native matmuls. Measured per loss-and-gradient call (8 instances,
     * batch 1024, thread CPU time on the shared 2-core EPYC, paired in one process): native / Java
     * = 1.31–1.60 at 5 × 2 weights, 1.04 at 4 × 4, 0.84 at 8 × 3, 0.55 at 10 × 4. The choice
     * depends on the instance's shape only, never on the stack's size, so a trial computes the
     * same way alone or in any stack.
     */
    static final int FUSED_MAX_WEIGHTS = 12;

    private final TmsArchitecture architecture;
    /** The plain-Java pass, or null where the native products are faster. */
    private final FusedTmsPass fused;
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
        this(architecture, instances, features, hidden, batch, dataType,
                (long) hidden * features <= FUSED_MAX_WEIGHTS);
    }

    /** @param fusedJava whether to train in plain Java ({@link FusedTmsPass}) rather than with native matmuls */
    TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch, DataType dataType,
             boolean fusedJava) {
        super(instances, features, hidden, batch, dataType, architecture.outputRelu(), false);
        this.architecture = architecture;
        this.fused = fusedJava ? new FusedTmsPass(features, hidden, batch, architecture.hiddenRelu(),
                architecture.outputRelu(), false) : null;
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

    /** Whether this stack trains in plain Java ({@link FusedTmsPass}) rather than with native matmuls. */
    boolean fusedJava() {
        return fused != null;
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
        if (fused != null) {
            fusedLossAndGradients(xView, importance, lossOut);
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

    /** Instance by instance in {@link FusedTmsPass}; W is both its encoder and its decoder, so dW = dE + dD. */
    private void fusedLossAndGradients(ArrayElements xView, double[] importance, double[] lossOut) {
        int weights = hidden * features;
        for (int i = 0; i < instances; i++) {
            wView.read(i * weights, weightRow, weights);
            biasView.read(i * features, biasRow, features);
            lossOut[i] = fused.run(xView, i * batch * features, weightRow, weightRow, biasRow, importance,
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
