package dev.superpose.model;

import java.util.Arrays;

/**
 * The whole forward and backward pass of one TMS instance in plain Java, for stacks whose
 * matrices are so small that the native path's per-op cost (~5–9 µs per ND4J op, five matmuls
 * and their passes per step) outweighs the arithmetic. Per instance, with x: [B, F], encoder
 * E: [H, F], decoder rows D: [H, F] (TmsStack: E = D = W; a tms-abs instance would be E = W1,
 * D = W2ᵀ with target |x|, but TmsAbsStack takes the native path on every shape):
 * <pre>
 *   z = x·Eᵀ     h = ReLU(z) or z     pre = h·D + b     out = ReLU(pre) or pre
 *   loss = mean over batch and features of imp·(out − target)²     (target x, or |x|)
 *   dPre = 2/(B·F)·imp·(out − target)·[pre &gt; 0]     db = Σ_batch dPre
 *   dD = hᵀ·dPre      dz = (dPre·Dᵀ)·[z &gt; 0]      dE = dzᵀ·x
 * </pre>
 * Rows are processed in blocks held feature-major (one {@code double[rows]} per feature or hidden
 * unit), so that every inner loop runs over the block's rows with a scalar weight: loops the JIT
 * vectorises. Each feature and unit has its own array, not a slice of one flat array: C2 does not
 * vectorise {@code a[i + r] += w·b[j + r]} (if a and b were one array, the two offsets could
 * overlap), only {@code a[r] += w·b[r]}; with flat slices this pass took about twice as long (8 × 5 → 2,
 * batch 1024, thread CPU time, paired in one process on the shared 2-core EPYC). The weight
 * gradients accumulate per row slot across blocks and are summed once at the end. All arithmetic
 * is in double (the native path multiplies in the stack's precision), so results agree with it
 * within float rounding, not bit for bit; they depend only on the instance's own rows and
 * weights, never on the stack around it. Not thread-safe: one pass object per thread.
 *
 * <p>The loss and gradients are bit for bit those of the blocked pass before the per-feature
 * arrays (FusedTmsPassReferenceTest), except that a NaN output pre-activation now gives a NaN
 * gradient instead of 0, in an instance whose loss is NaN and whose gradients a trainer discards.
 */
final class FusedTmsPass implements TmsPass {
    /** Rows per block: the lane count of the row-wise loops; 64 rows × (F + H) values stay in L1. */
    private static final int ROWS = 64;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    /** Applied twice, lifts every positive double to at least 2^126 (see {@link #outputFeature}). */
    private static final double SCALE_UP = 0x1.0p600;

    private final int features;
    private final int hidden;
    private final int batch;
    private final int rows;
    private final boolean hiddenRelu;
    private final boolean outputRelu;
    private final boolean absTarget;

    /** The instance's x as stored, row-major [B, F]. */
    private final double[] instanceRows;
    /** One block of x, feature-major [F][rows]. */
    private final double[][] input;
    /** The target (x or |x|), [F][rows]. */
    private final double[][] target;
    /** z, then h in place, [H][rows]; {@link #hiddenMask} keeps [z &gt; 0]. */
    private final double[][] act;
    private final double[][] hiddenMask;
    /** pre, then dPre in place, [F][rows]. */
    private final double[][] gradPre;
    /** dz, [H][rows]. */
    private final double[][] gradHidden;
    /** Per row slot: Σ over blocks of h·dPre and dz·x, [H·F][rows]. */
    private final double[][] decoderLanes;
    private final double[][] encoderLanes;
    private final double[] lossLanes;
    /** Per row slot: Σ over blocks of dPre, [F][rows]. */
    private final double[][] biasLanes;

    FusedTmsPass(int features, int hidden, int batch, boolean hiddenRelu, boolean outputRelu, boolean absTarget) {
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.rows = Math.min(ROWS, batch);
        this.hiddenRelu = hiddenRelu;
        this.outputRelu = outputRelu;
        this.absTarget = absTarget;
        this.instanceRows = new double[batch * features];
        this.input = new double[features][rows];
        this.target = absTarget ? new double[features][rows] : input;
        this.act = new double[hidden][rows];
        this.hiddenMask = new double[hidden][rows];
        this.gradPre = new double[features][rows];
        this.gradHidden = new double[hidden][rows];
        this.decoderLanes = new double[hidden * features][rows];
        this.encoderLanes = new double[hidden * features][rows];
        this.lossLanes = new double[rows];
        this.biasLanes = new double[features][rows];
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
    @Override
    public double run(ArrayElements x, int xOffset, double[] encoder, double[] decoder, double[] bias,
                      double[] importance, int importanceOffset, double[] gradEncoder, double[] gradDecoder,
                      double[] gradBias) {
        clear(decoderLanes);
        clear(encoderLanes);
        clear(biasLanes);
        Arrays.fill(lossLanes, 0);
        x.read(xOffset, instanceRows, batch * features);
        double scale = 2.0 / ((double) batch * features);
        for (int r0 = 0; r0 < batch; r0 += rows) {
            int n = Math.min(rows, batch - r0);
            loadBlock(r0, n);
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

    private static void clear(double[][] lanes) {
        for (double[] lane : lanes) {
            Arrays.fill(lane, 0);
        }
    }

    /** Rows [r0, r0 + n) of the instance into {@link #input} (and |x| into {@link #target}), feature-major. */
    private void loadBlock(int r0, int n) {
        for (int f = 0; f < features; f++) {
            double[] in = input[f];
            for (int r = 0, k = r0 * features + f; r < n; r++, k += features) {
                in[r] = instanceRows[k];
            }
            if (absTarget) {
                double[] t = target[f];
                for (int r = 0; r < n; r++) {
                    t[r] = Math.abs(in[r]);
                }
            }
        }
    }

    /**
     * All bits set where v &gt; 0, none where not (±0, negative, NaN): a branch-free [v &gt; 0], as
     * v's sign is a coin flip that a branch would mispredict (C2 compiles double selects to
     * jumps). The bits minus one lie in [0, +∞'s bits) exactly for v in (0, +∞].
     */
    private static long positiveMask(double v) {
        long bits = Double.doubleToRawLongBits(v) - 1;
        return ~(bits >> 63) & ((bits - INFINITY_BITS) >> 63);
    }

    /** act = z = E·x per row, then ReLU in place where the hidden layer has one. */
    private void forwardHidden(double[] encoder, int n) {
        double[] x0 = input[0];
        for (int h = 0; h < hidden; h++) {
            double[] a = act[h];
            double w0 = encoder[h * features];
            for (int r = 0; r < n; r++) {
                a[r] = w0 * x0[r];
            }
            for (int f = 1; f < features; f++) {
                double w = encoder[h * features + f];
                double[] in = input[f];
                for (int r = 0; r < n; r++) {
                    a[r] += w * in[r];
                }
            }
            if (hiddenRelu) {
                double[] mask = hiddenMask[h];
                for (int r = 0; r < n; r++) {
                    double z = a[r];
                    mask[r] = Double.longBitsToDouble(positiveMask(z) & ONE_BITS);
                    a[r] = Math.max(z, 0.0);
                }
            }
        }
    }

    /**
     * pre, out, the loss terms and dPre (in place of pre) of feature f for the block's rows; dPre
     * also into the bias lanes.
     */
    private void outputFeature(int f, double[] decoder, double bias, double gradScale, double importance, int n) {
        double[] pre = gradPre[f];
        double[] a0 = act[0];
        double w0 = decoder[f];
        for (int r = 0; r < n; r++) {
            pre[r] = bias + w0 * a0[r];
        }
        for (int h = 1; h < hidden; h++) {
            double w = decoder[h * features + f];
            double[] a = act[h];
            for (int r = 0; r < n; r++) {
                pre[r] += w * a[r];
            }
        }
        double[] t = target[f];
        double[] biasLane = biasLanes[f];
        if (!outputRelu) {
            for (int r = 0; r < n; r++) {
                double err = pre[r] - t[r];
                lossLanes[r] += importance * err * err;
                double d = gradScale * err;
                pre[r] = d;
                biasLane[r] += d;
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            double p = pre[r];
            double err = Math.max(p, 0.0) - t[r];
            lossLanes[r] += importance * err * err;
            // [p > 0] as 1.0 or 0.0 from min and max alone, which C2 vectorises (a compare or the
            // sign bit keeps this loop scalar: the output pass took 1.6× as long): p·2^1200 ≥ 2^126 for every
            // p > 0, the smallest subnormal being 2^-1074. A masked d may be -0 where the branch
            // gave +0: the lanes below start at +0 and only add, so no sum can tell the two apart.
            // A NaN pre gives a NaN d (the branch gave 0), but its loss is NaN too, and a trainer
            // freezes such an instance without applying its gradients.
            double d = gradScale * err * Math.min(Math.max(p * SCALE_UP * SCALE_UP, 0.0), 1.0);
            pre[r] = d;
            biasLane[r] += d;
        }
    }

    /** dz = dPre·Dᵀ per row, masked by [z &gt; 0] where the hidden layer has a ReLU. */
    private void backwardHidden(double[] decoder, int n) {
        double[] d0 = gradPre[0];
        for (int h = 0; h < hidden; h++) {
            double[] g = gradHidden[h];
            double w0 = decoder[h * features];
            for (int r = 0; r < n; r++) {
                g[r] = w0 * d0[r];
            }
            for (int f = 1; f < features; f++) {
                double w = decoder[h * features + f];
                double[] d = gradPre[f];
                for (int r = 0; r < n; r++) {
                    g[r] += w * d[r];
                }
            }
            if (hiddenRelu) {
                double[] mask = hiddenMask[h];
                for (int r = 0; r < n; r++) {
                    g[r] *= mask[r];
                }
            }
        }
    }

    /** Per row slot: decoder lanes += h·dPre, encoder lanes += dz·x, for every (h, f). */
    private void accumulateWeightGradients(int n) {
        for (int h = 0; h < hidden; h++) {
            double[] a = act[h];
            double[] g = gradHidden[h];
            for (int f = 0; f < features; f++) {
                double[] decoderLane = decoderLanes[h * features + f];
                double[] encoderLane = encoderLanes[h * features + f];
                double[] d = gradPre[f];
                double[] in = input[f];
                for (int r = 0; r < n; r++) {
                    decoderLane[r] += a[r] * d[r];
                    encoderLane[r] += g[r] * in[r];
                }
            }
        }
    }

    /** out[k] = Σ over row slots of lanes[k], the slots in order. */
    private static void sumLanes(double[][] lanes, double[] out) {
        for (int k = 0; k < lanes.length; k++) {
            double sum = 0;
            for (double v : lanes[k]) {
                sum += v;
            }
            out[k] = sum;
        }
    }
}
