package dev.superpose.model;

import java.util.Arrays;

/**
 * The whole forward and backward pass of one TMS instance in plain Java with every dense loop
 * over the features, for instances with many features and few hidden units (the double-descent
 * stacks: 1000 features → 2 hidden, inputs ~1 % nonzero), where BLAS is slow: its products have
 * an inner dimension of 2, and two of them multiply inputs that are 99 % zeros. The arithmetic is
 * that of {@link TmsPass}; per row:
 * <pre>
 *   z_h = Σ over x's nonzeros of x_f·E[h, f]      h = ReLU(z) or z
 *   pre_f = b_f + Σ_h h_h·D[h, f]     out = ReLU(pre) or pre     dPre_f = 2/(B·F)·imp_f·(out_f − x_f)·[pre_f &gt; 0]
 *   dD[h, ·] += h_h·dPre      dz_h = (Σ_f D[h, f]·dPre_f)·[z_h &gt; 0]     dE[h, f] += dz_h·x_f over x's nonzeros
 * </pre>
 * The two products with x run over each row's nonzeros only (its compressed form, read straight
 * from the batch's storage once per step), so they cost next to nothing on sparse data, and x is
 * never converted to double. The three dense products and the loss run in loops over the
 * features that the JIT vectorises, every array indexed by the feature alone (C2 vectorises
 * {@code a[f] += s·b[f]}, not {@code a[k + f] += s·b[j + f]}). The features are taken in chunks
 * whose per-feature arrays fit in L1 together, each chunk for all rows of a block of rows in turn
 * (one row over all 1000 features touches ~90 KB); the chunking's own gain was within the noise
 * of the loaded machine. Sums over rows go in row order into per-feature accumulators; each dz_h
 * adds its chunks' partial sums in order. The blocking depends on the shape alone, so the results
 * depend only on the instance's own rows and weights, never on the stack around it. A ±0 input
 * is skipped (it would add ±0 to z and dE). All arithmetic is in double. Not thread-safe: one
 * pass object per thread.
 */
final class SparseRowTmsPass implements TmsPass {
    /** Rows of x per block: their compressed forms and hidden state are kept while the chunks pass. */
    private static final int MAX_ROWS = 64;
    /** Bytes of the per-feature arrays one chunk touches: half of a 48 KiB L1. */
    private static final int CHUNK_BYTES = 24 * 1024;
    /** Per-feature arrays of a chunk besides the 2·H weight and gradient rows (see {@link #chunkFeatures}). */
    private static final int CHUNK_ARRAYS = 7;
    /** Applied twice, lifts every positive double to at least 2^126 (see {@link #outputAndGradient}). */
    private static final double SCALE_UP = 0x1.0p600;

    private final int features;
    private final int hidden;
    private final int batch;
    private final boolean hiddenRelu;
    private final boolean outputRelu;
    private final int rows;
    private final int chunk;

    /** E and D by hidden unit, [H][F]. */
    private final double[][] encoderRows;
    private final double[][] decoderRows;
    /** dE and dD by hidden unit, summed over rows, [H][F]. */
    private final double[][] gradEncoderRows;
    private final double[][] gradDecoderRows;
    /**
     * One row's x over the current chunk, [F]: zero but at the row's nonzeros in the chunk, which
     * are scattered in before and cleared after.
     */
    private final double[] target;
    /** The block's nonzeros row by row: row r's are [nonzeroStart[r], nonzeroStart[r + 1]). */
    private final int[] nonzeroStart;
    /** Per row of the block, its first nonzero not yet in a chunk. */
    private final int[] nextNonzero;
    private final int[] nonzeroFeatures;
    private final double[] nonzeroValues;
    /** The block's hidden activations, [z &gt; 0] and dz (unmasked), [rows·H]. */
    private final double[] act;
    private final boolean[] active;
    private final double[] gradHidden;
    /** One row's pre, then dPre in place, [F]. */
    private final double[] gradPre;
    /** 2/(B·F)·imp_f, imp_f and the per-feature sums of the loss terms and of dPre, [F]. */
    private final double[] gradScale;
    private final double[] weight;
    private final double[] lossSums;
    private final double[] biasSums;

    SparseRowTmsPass(int features, int hidden, int batch, boolean hiddenRelu, boolean outputRelu) {
        this.features = features;
        this.hidden = hidden;
        this.batch = batch;
        this.hiddenRelu = hiddenRelu;
        this.outputRelu = outputRelu;
        this.rows = Math.min(MAX_ROWS, batch);
        this.chunk = chunkFeatures(features, hidden);
        this.encoderRows = new double[hidden][features];
        this.decoderRows = new double[hidden][features];
        this.gradEncoderRows = new double[hidden][features];
        this.gradDecoderRows = new double[hidden][features];
        this.target = new double[features];
        this.nonzeroStart = new int[rows + 1];
        this.nextNonzero = new int[rows];
        this.nonzeroFeatures = new int[rows * features];
        this.nonzeroValues = new double[rows * features];
        this.act = new double[rows * hidden];
        this.active = new boolean[rows * hidden];
        this.gradHidden = new double[rows * hidden];
        this.gradPre = new double[features];
        this.gradScale = new double[features];
        this.weight = new double[features];
        this.lossSums = new double[features];
        this.biasSums = new double[features];
    }

    /** Features per chunk: as many as keep a chunk's arrays within {@link #CHUNK_BYTES}, a multiple of 8. */
    static int chunkFeatures(int features, int hidden) {
        int fit = CHUNK_BYTES / (Double.BYTES * (CHUNK_ARRAYS + 2 * hidden));
        return Math.min(features, Math.max(8, fit - fit % 8));
    }

    @Override
    public double run(ArrayElements x, int xOffset, double[] encoder, double[] decoder, double[] bias,
                      double[] importance, int importanceOffset, double[] gradEncoder, double[] gradDecoder,
                      double[] gradBias) {
        double scale = 2.0 / ((double) batch * features);
        for (int h = 0; h < hidden; h++) {
            System.arraycopy(encoder, h * features, encoderRows[h], 0, features);
            System.arraycopy(decoder, h * features, decoderRows[h], 0, features);
            Arrays.fill(gradEncoderRows[h], 0);
            Arrays.fill(gradDecoderRows[h], 0);
        }
        for (int f = 0; f < features; f++) {
            weight[f] = importance[importanceOffset + f];
            gradScale[f] = scale * weight[f];
        }
        Arrays.fill(lossSums, 0);
        Arrays.fill(biasSums, 0);
        for (int r0 = 0; r0 < batch; r0 += rows) {
            int n = Math.min(rows, batch - r0);
            for (int r = 0; r < n; r++) {
                nonzeroStart[r + 1] = x.nonzeros(xOffset + (r0 + r) * features, features, nonzeroFeatures,
                        nonzeroValues, nonzeroStart[r]);
                nextNonzero[r] = nonzeroStart[r];
                forwardHidden(r);
            }
            Arrays.fill(gradHidden, 0);
            for (int f0 = 0; f0 < features; f0 += chunk) {
                int f1 = Math.min(features, f0 + chunk);
                for (int r = 0; r < n; r++) {
                    int from = nextNonzero[r];
                    int to = from;
                    for (; to < nonzeroStart[r + 1] && nonzeroFeatures[to] < f1; to++) {
                        target[nonzeroFeatures[to]] = nonzeroValues[to];
                    }
                    outputAndGradient(r, f0, f1, bias);
                    backwardDense(r, f0, f1);
                    for (int k = from; k < to; k++) {
                        target[nonzeroFeatures[k]] = 0;
                    }
                    nextNonzero[r] = to;
                }
            }
            for (int r = 0; r < n; r++) {
                backwardEncoder(r);
            }
        }
        for (int h = 0; h < hidden; h++) {
            System.arraycopy(gradEncoderRows[h], 0, gradEncoder, h * features, features);
            System.arraycopy(gradDecoderRows[h], 0, gradDecoder, h * features, features);
        }
        System.arraycopy(biasSums, 0, gradBias, 0, features);
        double loss = 0;
        for (double l : lossSums) {
            loss += l;
        }
        return loss / ((double) batch * features);
    }

    /** Row r's z = E·x over its nonzeros, then ReLU where the hidden layer has one. */
    private void forwardHidden(int r) {
        for (int h = 0; h < hidden; h++) {
            double[] e = encoderRows[h];
            double z = 0;
            for (int k = nonzeroStart[r]; k < nonzeroStart[r + 1]; k++) {
                z += nonzeroValues[k] * e[nonzeroFeatures[k]];
            }
            active[r * hidden + h] = !hiddenRelu || z > 0;
            act[r * hidden + h] = hiddenRelu ? Math.max(z, 0.0) : z;
        }
    }

    /** Row r's pre, loss terms and dPre (in place of pre) over features [f0, f1); dPre also into the bias sums. */
    private void outputAndGradient(int r, int f0, int f1, double[] bias) {
        double[] pre = gradPre;
        double a0 = act[r * hidden];
        double[] d0 = decoderRows[0];
        for (int f = f0; f < f1; f++) {
            pre[f] = bias[f] + a0 * d0[f];
        }
        for (int h = 1; h < hidden; h++) {
            double a = act[r * hidden + h];
            double[] d = decoderRows[h];
            for (int f = f0; f < f1; f++) {
                pre[f] += a * d[f];
            }
        }
        if (!outputRelu) {
            for (int f = f0; f < f1; f++) {
                double err = pre[f] - target[f];
                lossSums[f] += weight[f] * err * err;
                double g = gradScale[f] * err;
                pre[f] = g;
                biasSums[f] += g;
            }
            return;
        }
        for (int f = f0; f < f1; f++) {
            double out = Math.max(pre[f], 0.0);
            double err = out - target[f];
            lossSums[f] += weight[f] * err * err;
            // [pre > 0] = min(out·2^1200, 1) from min and max alone, which C2 vectorises (see
            // FusedTmsPass#outputFeature): out·2^1200 ≥ 2^126 for every out > 0, and out = +0 for pre ≤ 0.
            double g = gradScale[f] * err * Math.min(out * SCALE_UP * SCALE_UP, 1.0);
            pre[f] = g;
            biasSums[f] += g;
        }
    }

    /** Over features [f0, f1) of row r: dD += h·dPre, and dPre·Dᵀ into dz. */
    private void backwardDense(int r, int f0, int f1) {
        double[] g = gradPre;
        for (int h = 0; h < hidden; h++) {
            double a = act[r * hidden + h];
            double[] gd = gradDecoderRows[h];
            for (int f = f0; f < f1; f++) {
                gd[f] += a * g[f];
            }
        }
        for (int h = 0; h < hidden; h += 2) {
            dotPair(r, h, Math.min(h + 1, hidden - 1), f0, f1);
        }
    }

    /**
     * dz of row r's units h and j += Σ over [f0, f1) of D[·, f]·dPre_f, in one pass over dPre (j =
     * h for an odd last unit: computed twice, the same), each in four interleaved partial sums
     * added in order: a scalar loop whose adds do not wait on each other. C2 vectorises no
     * floating-point sum (it would keep their order, one add after another); two units per pass
     * took about 0.7 of the time of one at a time (1000 features, the shared 2-core EPYC).
     */
    private void dotPair(int r, int h, int j, int f0, int f1) {
        double[] g = gradPre;
        double[] d = decoderRows[h];
        double[] e = decoderRows[j];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int f = f0;
        for (; f + 4 <= f1; f += 4) {
            double g0 = g[f];
            double g1 = g[f + 1];
            double g2 = g[f + 2];
            double g3 = g[f + 3];
            s0 += d[f] * g0;
            s1 += d[f + 1] * g1;
            s2 += d[f + 2] * g2;
            s3 += d[f + 3] * g3;
            t0 += e[f] * g0;
            t1 += e[f + 1] * g1;
            t2 += e[f + 2] * g2;
            t3 += e[f + 3] * g3;
        }
        for (; f < f1; f++) {
            s0 += d[f] * g[f];
            t0 += e[f] * g[f];
        }
        gradHidden[r * hidden + h] += s0 + s1 + s2 + s3;
        if (j != h) {
            gradHidden[r * hidden + j] += t0 + t1 + t2 + t3;
        }
    }

    /** dE += dz·x over row r's nonzeros, dz masked by [z &gt; 0]. */
    private void backwardEncoder(int r) {
        for (int h = 0; h < hidden; h++) {
            if (!active[r * hidden + h]) {
                continue;
            }
            double dz = gradHidden[r * hidden + h];
            double[] ge = gradEncoderRows[h];
            for (int k = nonzeroStart[r]; k < nonzeroStart[r + 1]; k++) {
                ge[nonzeroFeatures[k]] += dz * nonzeroValues[k];
            }
        }
    }
}
