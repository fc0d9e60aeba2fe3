package dev.superpose.train;

import dev.superpose.model.ArrayElements;
import dev.superpose.model.NativeArrays;
import dev.superpose.model.TmsStack;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected) over a {@link TmsStack}, with per-instance
 * learning rates and optional decoupled weight decay on W only (AdamW: W ← W − lr·wd·W before
 * the Adam step, as in PyTorch). The moments live in four arrays shaped like the parameters, so
 * (W, b, m, v, step count) is the whole optimiser state. One fused Java pass per parameter.
 */
public final class StackAdam implements AutoCloseable {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    private static final int BLOCK = 2048;

    private final TmsStack stack;
    private final INDArray mW;
    private final INDArray vW;
    private final INDArray mBias;
    private final INDArray vBias;
    private final ParameterState wState;
    private final ParameterState biasState;
    private final double[] p = new double[BLOCK];
    private final double[] g = new double[BLOCK];
    private final double[] mBlock = new double[BLOCK];
    private final double[] vBlock = new double[BLOCK];

    public StackAdam(TmsStack stack) {
        this.stack = stack;
        this.mW = Nd4j.zerosLike(stack.w());
        this.vW = Nd4j.zerosLike(stack.w());
        this.mBias = Nd4j.zerosLike(stack.bias());
        this.vBias = Nd4j.zerosLike(stack.bias());
        this.wState = new ParameterState(stack.w(), stack.gradW(), mW, vW);
        this.biasState = new ParameterState(stack.bias(), stack.gradBias(), mBias, vBias);
    }

    /**
     * Applies the stack's current gradients.
     *
     * @param t           1-based update count (for bias correction)
     * @param lr          per-instance learning rate of this step (schedule already applied)
     * @param weightDecay per-instance decoupled weight decay on W (0 for plain Adam)
     * @param frozen      per instance: skip it, leaving its parameters and moments untouched
     */
    public void update(long t, double[] lr, double[] weightDecay, boolean[] frozen) {
        double correction1 = 1 - Math.pow(BETA1, t);
        double correction2 = 1 - Math.pow(BETA2, t);
        wState.apply(stack.hidden() * stack.features(), lr, weightDecay, frozen, correction1, correction2);
        biasState.apply(stack.features(), lr, null, frozen, correction1, correction2);
    }

    /** First moment of W, shaped like W; with the three below, for checkpoints. */
    INDArray firstMomentW() {
        return mW;
    }

    INDArray secondMomentW() {
        return vW;
    }

    INDArray firstMomentBias() {
        return mBias;
    }

    INDArray secondMomentBias() {
        return vBias;
    }

    /** One parameter array with its gradient and moments, updated block by block. */
    private final class ParameterState {
        private final ArrayElements param;
        private final ArrayElements grad;
        private final ArrayElements m;
        private final ArrayElements v;

        ParameterState(INDArray param, INDArray grad, INDArray m, INDArray v) {
            this.param = ArrayElements.of(param);
            this.grad = ArrayElements.of(grad);
            this.m = ArrayElements.of(m);
            this.v = ArrayElements.of(v);
        }

        void apply(int perInstance, double[] lr, double[] weightDecay, boolean[] frozen, double correction1,
                   double correction2) {
            double sqrtCorrection2 = Math.sqrt(correction2);
            for (int i = 0; i < stack.instances(); i++) {
                if (frozen[i]) {
                    continue;
                }
                double stepSize = lr[i] / correction1;
                double decay = weightDecay == null ? 1.0 : 1.0 - lr[i] * weightDecay[i];
                for (int done = 0; done < perInstance; done += BLOCK) {
                    int offset = i * perInstance + done;
                    int len = Math.min(BLOCK, perInstance - done);
                    param.read(offset, p, len);
                    grad.read(offset, g, len);
                    m.read(offset, mBlock, len);
                    v.read(offset, vBlock, len);
                    for (int k = 0; k < len; k++) {
                        mBlock[k] = BETA1 * mBlock[k] + (1 - BETA1) * g[k];
                        vBlock[k] = BETA2 * vBlock[k] + (1 - BETA2) * g[k] * g[k];
                        p[k] = p[k] * decay - stepSize * mBlock[k] / (Math.sqrt(vBlock[k]) / sqrtCorrection2 + EPSILON);
                    }
                    param.write(offset, p, len);
                    m.write(offset, mBlock, len);
                    v.write(offset, vBlock, len);
                }
            }
        }
    }

    /** Bytes of native memory the moment buffers hold. */
    long nativeBytes() {
        return NativeArrays.bytes(List.of(mW, vW, mBias, vBias));
    }

    @Override
    public void close() {
        NativeArrays.close(List.of(mW, vW, mBias, vBias));
    }
}
