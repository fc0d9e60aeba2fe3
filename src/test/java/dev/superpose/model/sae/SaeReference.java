package dev.superpose.model.sae;

import java.util.Arrays;

/**
 * A direct, unoptimised SAE forward pass read off a stack's parameters (dense loops, sorting for
 * the top-k rules), as the oracle for the stack's optimised one.
 */
final class SaeReference {
    private SaeReference() {
    }

    /**
     * pre[b][l] = (x_b − b_dec)·E[l] + b_enc[l] of instance i (x_b·E[l] + b_enc[l] for a
     * transcoder); E is the unit decoder rows when tied.
     */
    static double[][] preActivations(SaeStack stack, int i, double[] x) {
        int d = stack.inputs();
        boolean centred = stack.shape().centresInput();
        int latents = stack.latents();
        int rows = x.length / d;
        double[][] pre = new double[rows][latents];
        double[][] tiedRows = stack.tied() ? ArchitectureReference.decoderRows(stack, i) : null;
        for (int b = 0; b < rows; b++) {
            for (int l = 0; l < latents; l++) {
                double s = stack.encoderBias().getDouble(i, l);
                for (int j = 0; j < d; j++) {
                    double e = tiedRows != null ? tiedRows[l][j] : stack.encoder().getDouble(i, l, j);
                    s += (x[b * d + j] - (centred ? stack.decoderBias().getDouble(i, j) : 0)) * e;
                }
                pre[b][l] = s;
            }
        }
        return pre;
    }

    /** The codes z of instance i in training mode (batch-level rules over the batch). */
    static double[][] codes(SaeStack stack, int i, double[] x) {
        double[][] pre = preActivations(stack, i, x);
        int rows = pre.length;
        int latents = stack.latents();
        double[][] z = new double[rows][latents];
        Architecture activation = stack.architecture();
        for (int b = 0; b < rows; b++) {
            double[] sorted = pre[b].clone();
            Arrays.sort(sorted);
            for (int l = 0; l < latents; l++) {
                double cut = Double.NEGATIVE_INFINITY;
                if (activation instanceof TopK t) {
                    cut = sorted[latents - t.k()];
                } else if (activation instanceof BatchTopK t) {
                    cut = batchCut(pre, t.k());
                } else if (activation instanceof Matryoshka t) {
                    cut = batchCut(pre, t.k());
                }
                z[b][l] = pre[b][l] >= cut && pre[b][l] > 0 ? pre[b][l] : 0;
            }
        }
        return z;
    }

    private static double batchCut(double[][] pre, int k) {
        double[] all = Arrays.stream(pre).flatMapToDouble(Arrays::stream).sorted().toArray();
        return all[all.length - k * pre.length];
    }

    /** mean_b mean_d (x̂ − x)² + λ·mean_b Σ_l z. */
    static double loss(SaeStack stack, int i, double[] x, double l1) {
        return loss(stack, i, x, x, l1);
    }

    /** mean_b mean_d (x̂ − y)² + λ·mean_b Σ_l z: x̂ from the codes of x, y its targets (x itself for an SAE). */
    static double loss(SaeStack stack, int i, double[] x, double[] y, double l1) {
        int d = stack.outputs();
        double[][] z = codes(stack, i, x);
        double squares = 0;
        double codeSum = 0;
        for (int b = 0; b < z.length; b++) {
            double[] xhat = reconstruction(stack, i, z[b]);
            for (int j = 0; j < d; j++) {
                squares += (xhat[j] - y[b * d + j]) * (xhat[j] - y[b * d + j]);
            }
            codeSum += Arrays.stream(z[b]).sum();
        }
        return squares / ((double) z.length * d) + l1 * codeSum / z.length;
    }

    /**
     * b_dec + Σ_l z_l·ŵ_l with ŵ_l the decoder row l scaled to unit norm (the model decodes with
     * unit rows), or as it is when {@link DecoderNorm#RENORMALISED}.
     */
    static double[] reconstruction(SaeStack stack, int i, double[] z) {
        int d = stack.outputs();
        double[] xhat = new double[d];
        for (int j = 0; j < d; j++) {
            xhat[j] = stack.decoderBias().getDouble(i, j);
        }
        for (int l = 0; l < z.length; l++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += Math.pow(stack.decoder().getDouble(i, l, j), 2);
            }
            // renormalised rows are unit at every forward pass, their renormalisation outside the graph
            norm = stack.decoderNorm() == DecoderNorm.RENORMALISED ? 1 : Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                xhat[j] += z[l] * stack.decoder().getDouble(i, l, j) / norm;
            }
        }
        return xhat;
    }

    /**
     * The smallest distance of any pre-activation from a selection boundary of the rule: from 0,
     * and (top-k rules) between the last kept and the first dropped value.
     */
    static double selectionMargin(SaeStack stack, double[] x, Architecture activation) {
        double margin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < stack.instances(); i++) {
            double[][] pre = preActivations(stack, i, x);
            for (double[] row : pre) {
                for (double v : row) {
                    margin = Math.min(margin, Math.abs(v));
                }
                if (activation instanceof TopK t) {
                    double[] sorted = row.clone();
                    Arrays.sort(sorted);
                    margin = Math.min(margin, sorted[row.length - t.k()] - sorted[row.length - t.k() - 1]);
                }
            }
            int batchK = activation instanceof BatchTopK t ? t.k() : activation instanceof Matryoshka t ? t.k() : 0;
            if (batchK > 0) {
                double[] all = Arrays.stream(pre).flatMapToDouble(Arrays::stream).sorted().toArray();
                int cut = all.length - batchK * pre.length;
                margin = Math.min(margin, all[cut] - all[cut - 1]);
            }
        }
        return margin;
    }
}
