package dev.superpose.model;

import java.util.Arrays;

/**
 * The whole forward and backward pass of one TMS instance in plain Java, for stacks whose
 * matrices are so small that the native path's per-op cost (~5–9 µs per ND4J op, five matmuls
 * and their passes per step) outweighs the arithmetic. Per instance, with x: [B, F], encoder
 * E: [H, F], decoder rows D: [H, F] (TmsStack: E = D = W; TmsAbsStack: E = W1, D = W2ᵀ):
 * <pre>
 *   z = x·Eᵀ     h = ReLU(z) or z     pre = h·D + b     out = ReLU(pre) or pre
 *   loss = mean over batch and features of imp·(out − target)²     (target x, or |x|)
 *   dPre = 2/(B·F)·imp·(out − target)·[pre &gt; 0]     db = Σ_batch dPre
 *   dD = hᵀ·dPre      dz = (dPre·Dᵀ)·[z &gt; 0]      dE = dzᵀ·x
 * </pre>
 * Rows are processed in blocks held feature-major ([F][rows], [H][rows]), so that every inner
 * loop runs over the block's rows with a scalar weight: loops the JIT vectorises. The weight
 * gradients accumulate per row slot across blocks and are summed once at the end. All arithmetic
 * is in double (the native path multiplies in the stack's precision), so results agree with it
 * within float rounding, not bit for bit; they depend only on the instance's own rows and
 * weights, never on the stack around it. Not thread-safe: one pass object per thread.
 */
final class FusedTmsPass {
    /** Rows per block: the lane count of the row-wise loops; 64 rows × (F + H) values stay in L1. */
    private static final int ROWS = 64;

    private final int features;
    private final int hidden;
    private final int batch;
    private final int rows;
    private final boolean hiddenRelu;
    private final boolean outputRelu;
    private final boolean absTarget;

    /** One block of x as stored, row-major [rows, F]. */
    private final double[] rowMajor;
    /** x, feature-major [F][rows]. */
    private final double[] input;
    /** The target (x or |x|), feature-major [F][rows]. */
    private final double[] target;
    /** z, then h in place, [H][rows]; {@link #hiddenMask} keeps [z &gt; 0]. */
    private final double[] act;
    private final double[] hiddenMask;
    /** dPre, [F][rows]. */
    private final double[] gradPre;
    /** dz, [H][rows]. */
    private final double[] gradHidden;
    private final double[] pre;
    /** Per row slot: Σ over blocks of h·dPre ([H·F][rows]) and dz·x ([H·F][rows]). */
    private final double[] decoderLanes;
    private final double[] encoderLanes;
    private final double[] lossLanes;
    /** Per row slot: Σ over blocks of dPre, [F][rows]. */
    private final double[] biasLanes;

    FusedTmsPass(int features, int hidden, int batch, boolean hiddenRelu, boolean outputRelu, boolean absTarget) {
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.rows = Math.min(ROWS, batch);
        this.hiddenRelu = hiddenRelu;
        this.outputRelu = outputRelu;
        this.absTarget = absTarget;
        this.rowMajor = new double[rows * features];
        this.input = new double[features * rows];
        this.target = absTarget ? new double[features * rows] : input;
        this.act = new double[hidden * rows];
        this.hiddenMask = new double[hidden * rows];
        this.gradPre = new double[features * rows];
        this.gradHidden = new double[hidden * rows];
        this.pre = new double[rows];
        this.decoderLanes = new double[hidden * features * rows];
        this.encoderLanes = new double[hidden * features * rows];
        this.lossLanes = new double[rows];
        this.biasLanes = new double[features * rows];
    }

    /**
     * One instance's pass over its B rows, read from {@code x} at flat position {@code xOffset}.
     *
     * @param encoder    E, row-major [H, F]
     * @param decoder    D, row-major [H, F]
     * @param gradEncoder receives dE, [H, F]
     * @param gradDecoder receives dD, [H, F]
     * @param gradBias   receives db, [F]
     * @return the instance's loss
     */
    double run(ArrayElements x, int xOffset, double[] encoder, double[] decoder, double[] bias, double[] importance,
               int importanceOffset, double[] gradEncoder, double[] gradDecoder, double[] gradBias) {
        Arrays.fill(decoderLanes, 0);
        Arrays.fill(encoderLanes, 0);
        Arrays.fill(lossLanes, 0);
        Arrays.fill(biasLanes, 0);
        double scale = 2.0 / ((double) batch * features);
        for (int r0 = 0; r0 < batch; r0 += rows) {
            int n = Math.min(rows, batch - r0);
            loadBlock(x, xOffset + r0 * features, n);
            forwardHidden(encoder, n);
            for (int f = 0; f < features; f++) {
                double weight = importance[importanceOffset + f];
                outputFeature(f, decoder, bias[f], scale * weight, weight, n);
            }
            backwardHidden(decoder, n);
            accumulateWeightGradients(n);
        }
        sumLanes(biasLanes, gradBias);
        sumLanes(decoderLanes, gradDecoder);
        sumLanes(encoderLanes, gradEncoder);
        double loss = 0;
        for (double l : lossLanes) {
            loss += l;
        }
        return loss / ((double) batch * features);
    }

    /** x rows [r0, r0 + n) into {@link #input} (and |x| into {@link #target}), feature-major. */
    private void loadBlock(ArrayElements x, int offset, int n) {
        x.read(offset, rowMajor, n * features);
        for (int r = 0, k = 0; r < n; r++) {
            for (int f = 0; f < features; f++, k++) {
                input[f * rows + r] = rowMajor[k];
            }
        }
        if (absTarget) {
            for (int k = 0; k < features * rows; k++) {
                target[k] = Math.abs(input[k]);
            }
        }
    }

    /** act = z = E·x per row, then ReLU in place where the hidden layer has one. */
    private void forwardHidden(double[] encoder, int n) {
        for (int h = 0; h < hidden; h++) {
            int a = h * rows;
            double w0 = encoder[h * features];
            for (int r = 0; r < n; r++) {
                act[a + r] = w0 * input[r];
            }
            for (int f = 1; f < features; f++) {
                double w = encoder[h * features + f];
                int in = f * rows;
                for (int r = 0; r < n; r++) {
                    act[a + r] += w * input[in + r];
                }
            }
            if (hiddenRelu) {
                for (int r = 0; r < n; r++) {
                    double z = act[a + r];
                    hiddenMask[a + r] = z > 0 ? 1.0 : 0.0;
                    act[a + r] = Math.max(z, 0.0);
                }
            }
        }
    }

    /** pre, out, the loss terms and dPre of feature f for the block's rows; dPre also into the bias lanes. */
    private void outputFeature(int f, double[] decoder, double bias, double gradScale, double importance, int n) {
        double w0 = decoder[f];
        for (int r = 0; r < n; r++) {
            pre[r] = bias + w0 * act[r];
        }
        for (int h = 1; h < hidden; h++) {
            double w = decoder[h * features + f];
            int a = h * rows;
            for (int r = 0; r < n; r++) {
                pre[r] += w * act[a + r];
            }
        }
        int k = f * rows;
        for (int r = 0; r < n; r++) {
            double p = pre[r];
            double out = outputRelu ? Math.max(p, 0.0) : p;
            double err = out - target[k + r];
            lossLanes[r] += importance * err * err;
            double d = outputRelu && !(p > 0) ? 0.0 : gradScale * err;
            gradPre[k + r] = d;
            biasLanes[k + r] += d;
        }
    }

    /** dz = dPre·Dᵀ per row, masked by [z &gt; 0] where the hidden layer has a ReLU. */
    private void backwardHidden(double[] decoder, int n) {
        for (int h = 0; h < hidden; h++) {
            int g = h * rows;
            double w0 = decoder[h * features];
            for (int r = 0; r < n; r++) {
                gradHidden[g + r] = w0 * gradPre[r];
            }
            for (int f = 1; f < features; f++) {
                double w = decoder[h * features + f];
                int d = f * rows;
                for (int r = 0; r < n; r++) {
                    gradHidden[g + r] += w * gradPre[d + r];
                }
            }
            if (hiddenRelu) {
                for (int r = 0; r < n; r++) {
                    gradHidden[g + r] *= hiddenMask[g + r];
                }
            }
        }
    }

    /** Per row slot: decoder lanes += h·dPre, encoder lanes += dz·x, for every (h, f). */
    private void accumulateWeightGradients(int n) {
        for (int h = 0; h < hidden; h++) {
            int a = h * rows;
            for (int f = 0; f < features; f++) {
                int lane = (h * features + f) * rows;
                int in = f * rows;
                for (int r = 0; r < n; r++) {
                    decoderLanes[lane + r] += act[a + r] * gradPre[in + r];
                    encoderLanes[lane + r] += gradHidden[a + r] * input[in + r];
                }
            }
        }
    }

    private void sumLanes(double[] lanes, double[] out) {
        for (int k = 0; k < out.length; k++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += lanes[k * rows + r];
            }
            out[k] = sum;
        }
    }
}
