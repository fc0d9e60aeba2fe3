package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
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
 * The stack holds the parameters and their gradients; its {@link TmsStackPass}, chosen by the
 * instance's shape ({@link TmsPath#of}), computes them and holds only the work buffers its way
 * needs: five batched ND4J matmuls into preallocated activations with fused Java passes between
 * them ({@link NativeTmsStackPass}; native ops cost ~16 µs each even on tiny arrays, plus a
 * memory pass), or, where the shape makes BLAS slow, the whole pass in plain Java, instance by
 * instance ({@link JavaTmsStackPass}): tiny instances in {@link FusedTmsPass}, wide ones with few
 * hidden units in {@link SparseRowTmsPass}. Nothing native is allocated per step. Instances never
 * mix: each one's gradient depends only on its own rows.
 */
public final class TmsStack extends AbstractTmsStack {
    private final TmsPath path;
    private final TmsStackPass pass;

    private final INDArray w;
    private final INDArray gradW;

    private final ArrayElements wView;
    private final ArrayElements gradWView;

    public TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch,
                    DataType dataType) {
        this(architecture, instances, features, hidden, batch, dataType, TmsPath.of(features, hidden));
    }

    TmsStack(TmsArchitecture architecture, int instances, int features, int hidden, int batch, DataType dataType,
             TmsPath path) {
        super(instances, features, hidden, batch, dataType);
        this.path = path;
        this.pass = path.stackPass(architecture, instances, features, hidden, batch, dataType);
        this.w = Nd4j.zeros(dataType, instances, hidden, features);
        this.gradW = Nd4j.zeros(dataType, instances, hidden, features);
        this.wView = ArrayElements.of(w);
        this.gradWView = ArrayElements.of(gradW);
    }

    /**
     * Elements per instance of the work arrays a stack of {@code features} → {@code hidden} holds in
     * native memory besides its parameters and gradients: the native path's activations, none on a
     * plain-Java path.
     */
    public static long workElements(int features, int hidden, int batch) {
        return TmsPath.of(features, hidden).nativeElements(features, hidden, batch);
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

    /** The element views of {@link #w()} and {@link #gradW()}, for the stack's pass. */
    ArrayElements wView() {
        return wView;
    }

    ArrayElements gradWView() {
        return gradWView;
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
        pass.lossAndGradients(this, x, input(x), importance, lossOut);
    }

    @Override
    List<INDArray> ownArrays() {
        List<INDArray> arrays = new ArrayList<>(pass.nativeArrays());
        arrays.addAll(List.of(w, gradW));
        return arrays;
    }
}
