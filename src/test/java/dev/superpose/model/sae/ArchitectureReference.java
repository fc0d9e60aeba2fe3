package dev.superpose.model.sae;

import java.util.Arrays;

/**
 * Direct dense forward passes of the architectures beyond the plain rules (JumpReLU, gated,
 * AuxK), read off a stack's parameters: the oracles and the finite-difference targets of their
 * gradient tests. Stop-gradients are snapshots: the frozen decoder of the gated auxiliary loss
 * and AuxK's main error e are passed in, taken once at the point under test.
 */
final class ArchitectureReference {
    private ArchitectureReference() {
    }

    /** Decoder rows as the model uses them (unit-normalised under weight norm), [L][d]. */
    static double[][] decoderRows(SaeStack stack, int i) {
        int d = stack.outputs();
        double[][] rows = new double[stack.latents()][d];
        for (int l = 0; l < rows.length; l++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                rows[l][j] = stack.decoder().getDouble(i, l, j);
                norm += rows[l][j] * rows[l][j];
            }
            norm = stack.decoderNorm() == DecoderNorm.WEIGHT_NORM ? Math.sqrt(norm) : 1;
            for (int j = 0; j < d; j++) {
                rows[l][j] /= norm;
            }
        }
        return rows;
    }

    static double[] decoderBias(SaeStack stack, int i) {
        double[] bias = new double[stack.outputs()];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = stack.decoderBias().getDouble(i, j);
        }
        return bias;
    }

    static double latentParameter(SaeStack stack, String name, int i, int l) {
        return stack.latentParameter(name).value().getDouble(i, l);
    }

    /** x̂_b = bias + Σ_l codes[b][l]·rows[l], for every row b: [B][d]. */
    static double[][] reconstruct(double[][] codes, double[][] rows, double[] bias) {
        double[][] out = new double[codes.length][];
        for (int b = 0; b < codes.length; b++) {
            out[b] = bias.clone();
            for (int l = 0; l < rows.length; l++) {
                for (int j = 0; j < bias.length; j++) {
                    out[b][j] += codes[b][l] * rows[l][j];
                }
            }
        }
        return out;
    }

    /** mean_b mean_j (a − target)², target row-major. */
    static double mse(double[][] a, double[] target) {
        int d = a[0].length;
        double squares = 0;
        for (int b = 0; b < a.length; b++) {
            for (int j = 0; j < d; j++) {
                squares += Math.pow(a[b][j] - target[b * d + j], 2);
            }
        }
        return squares / ((double) a.length * d);
    }

    /** z = pre·1[pre &gt; θ]; MSE + λ·(number of firing latents)/B. */
    static double jumpReluLoss(SaeStack stack, int i, double[] x, double l1) {
        return jumpReluLoss(stack, i, x, x, l1);
    }

    /** {@link #jumpReluLoss(SaeStack, int, double[], double)} reconstructing targets y. */
    static double jumpReluLoss(SaeStack stack, int i, double[] x, double[] y, double l1) {
        double[][] pre = SaeReference.preActivations(stack, i, x);
        double[][] z = new double[pre.length][stack.latents()];
        int firing = 0;
        for (int b = 0; b < pre.length; b++) {
            for (int l = 0; l < z[b].length; l++) {
                double theta = Math.exp(latentParameter(stack, JumpRelu.LOG_THRESHOLD, i, l));
                z[b][l] = pre[b][l] > theta ? pre[b][l] : 0;
                firing += pre[b][l] > theta ? 1 : 0;
            }
        }
        return mse(reconstruct(z, decoderRows(stack, i), decoderBias(stack, i)), y) + l1 * firing / pre.length;
    }

    /** The gate π and the codes f of the gated SAE: {π, f}, each [B][L]. */
    static double[][][] gatedCodes(SaeStack stack, int i, double[] x) {
        double[][] pi = SaeReference.preActivations(stack, i, x);
        double[][] f = new double[pi.length][stack.latents()];
        for (int b = 0; b < pi.length; b++) {
            for (int l = 0; l < f[b].length; l++) {
                double u = pi[b][l] - stack.encoderBias().getDouble(i, l);
                double mag = Math.exp(latentParameter(stack, Gated.MAGNITUDE_SCALE, i, l)) * u
                        + latentParameter(stack, Gated.MAGNITUDE_BIAS, i, l);
                f[b][l] = pi[b][l] > 0 ? Math.max(0, mag) : 0;
            }
        }
        return new double[][][]{pi, f};
    }

    /** MSE(x̂) + λ·mean_b Σ ReLU(π) + MSE(ReLU(π)·frozenRows + frozenBias). */
    static double gatedLoss(SaeStack stack, int i, double[] x, double l1, double[][] frozenRows, double[] frozenBias) {
        return gatedLoss(stack, i, x, x, l1, frozenRows, frozenBias);
    }

    /** {@link #gatedLoss(SaeStack, int, double[], double, double[][], double[])} reconstructing targets y. */
    static double gatedLoss(SaeStack stack, int i, double[] x, double[] y, double l1, double[][] frozenRows,
                            double[] frozenBias) {
        double[][][] codes = gatedCodes(stack, i, x);
        double[][] relu = new double[codes[0].length][];
        double gateSum = 0;
        for (int b = 0; b < relu.length; b++) {
            relu[b] = Arrays.stream(codes[0][b]).map(v -> Math.max(0, v)).toArray();
            gateSum += Arrays.stream(relu[b]).sum();
        }
        return mse(reconstruct(codes[1], decoderRows(stack, i), decoderBias(stack, i)), y) + l1 * gateSum / relu.length
                + mse(reconstruct(relu, frozenRows, frozenBias), y);
    }

    /**
     * The Matryoshka SAE's inner levels: Σ over prefix sizes m &lt; L of MSE(x̂_m, x), x̂_m decoding
     * the training-mode codes of latents [0, m) only (the full level is {@link SaeReference#loss}'s).
     */
    static double matryoshkaInnerLoss(SaeStack stack, int i, double[] x) {
        return matryoshkaInnerLoss(stack, i, x, x);
    }

    /** {@link #matryoshkaInnerLoss(SaeStack, int, double[])} reconstructing targets y. */
    static double matryoshkaInnerLoss(SaeStack stack, int i, double[] x, double[] y) {
        Matryoshka rule = (Matryoshka) stack.architecture();
        double[][] z = SaeReference.codes(stack, i, x);
        double total = 0;
        for (int m : rule.innerLevels(stack.latents())) {
            double[][] prefix = new double[z.length][];
            for (int b = 0; b < z.length; b++) {
                prefix[b] = z[b].clone();
                Arrays.fill(prefix[b], m, prefix[b].length, 0.0);
            }
            total += mse(reconstruct(prefix, decoderRows(stack, i), decoderBias(stack, i)), y);
        }
        return total;
    }

    /** The main error e = x − x̂ of a top-k stack (training-mode codes), row-major. */
    static double[] mainError(SaeStack stack, int i, double[] x) {
        return mainError(stack, i, x, x);
    }

    /** The main error e = y − x̂ of a top-k stack reconstructing targets y. */
    static double[] mainError(SaeStack stack, int i, double[] x, double[] y) {
        double[][] xhat = reconstruct(SaeReference.codes(stack, i, x), decoderRows(stack, i), decoderBias(stack, i));
        int d = stack.outputs();
        double[] e = new double[y.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = y[k] - xhat[k / d][k % d];
        }
        return e;
    }

    /** The AuxK codes: per row the k largest pre-activations among dead latents, positive ones, [B][L]. */
    static double[][] auxCodes(SaeStack stack, int i, double[] x, boolean[] dead, int k) {
        double[][] pre = SaeReference.preActivations(stack, i, x);
        double[][] a = new double[pre.length][stack.latents()];
        for (int b = 0; b < pre.length; b++) {
            double[] candidates = new double[stack.latents()];
            int n = 0;
            for (int l = 0; l < candidates.length; l++) {
                if (dead[l]) {
                    candidates[n++] = pre[b][l];
                }
            }
            double[] sorted = Arrays.copyOf(candidates, n);
            Arrays.sort(sorted);
            double cut = n == 0 ? Double.POSITIVE_INFINITY : sorted[n - Math.min(k, n)];
            for (int l = 0; l < candidates.length; l++) {
                a[b][l] = dead[l] && pre[b][l] >= cut && pre[b][l] > 0 ? pre[b][l] : 0;
            }
        }
        return a;
    }

    /** coefficient · MSE(ê, e) with ê = a·W_dec (no bias) and e given; 0 without dead latents. */
    static double auxLoss(SaeStack stack, int i, double[] x, boolean[] dead, AuxK aux, double[] e) {
        boolean any = false;
        for (boolean flag : dead) {
            any |= flag;
        }
        if (!any) {
            return 0;
        }
        double[][] a = auxCodes(stack, i, x, dead, aux.k());
        return aux.coefficient() * mse(reconstruct(a, decoderRows(stack, i), new double[stack.outputs()]), e);
    }
}
