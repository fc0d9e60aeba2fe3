package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

import java.util.List;

/**
 * The gated SAE (Rajamanoharan et al. 2024, "Improving dictionary learning with gated sparse
 * autoencoders"). One encoder matrix W_gate (the stack's encoder rows) and two paths, with
 * u = (x − b_dec)·W_gateᵀ:
 * <pre>
 *   π = u + b_gate                    (gate; b_gate is the stack's b_enc)
 *   mag = exp(r_mag) ⊙ u + b_mag      (magnitude: the gate's directions rescaled per latent)
 *   f = 1[π &gt; 0] ⊙ ReLU(mag)          x̂ = f·W_dec + b_dec
 *   loss = MSE(x̂, x) + λ·mean_b Σ_l ReLU(π_l) + MSE(x̃, x),   x̃ = ReLU(π)·sg(W_dec) + sg(b_dec)
 * </pre>
 * λ weighs the L1 of the gate ({@link Penalty#L1_OF_GATE}). The decoder rows have unit norm, so
 * the paper's decoder-norm weighting of the L1 term is 1. The gate's Heaviside carries no
 * gradient: the gate path learns from the sparsity and the auxiliary reconstruction x̃, which
 * runs through a frozen (stop-gradient) copy of the decoder. The stack keeps r_mag and b_mag
 * ({@link #MAGNITUDE_SCALE}, {@link #MAGNITUDE_BIAS}), both starting at 0 (the magnitude path then
 * equals the gate's), and exports them under those names.
 *
 * <p>{@link #select} sees the magnitudes with gated-off entries already zeroed (by the pass), so
 * it keeps the positive ones, with their magnitude as the code.
 */
public record Gated() implements Architecture {
    /** The magnitude scale r_mag [I, L] (the magnitude path's rows are exp(r_mag)·W_gate). */
    public static final String MAGNITUDE_SCALE = "r_mag";
    /** The magnitude bias b_mag [I, L]. */
    public static final String MAGNITUDE_BIAS = "b_mag";

    /** Keeping the positive values is ReLU's rule. */
    private static final Relu POSITIVE = new Relu();

    @Override
    public String name() {
        return "gated";
    }

    @Override
    public Penalty penalty() {
        return Penalty.L1_OF_GATE;
    }

    @Override
    public List<LatentParameterSpec> latentParameters() {
        return List.of(LatentParameterSpec.plain(MAGNITUDE_SCALE, 0.0), LatentParameterSpec.plain(MAGNITUDE_BIAS, 0.0));
    }

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        POSITIVE.select(pre, latents, rows, training, threshold, out);
    }

    @Override
    public LatentPass pass(PassContext context) {
        return new Pass(context);
    }

    /**
     * Before the selection it keeps the gate π = pre and turns the pre-activations into the
     * magnitudes, zeroed where the gate is shut, so the rule's codes are f. The main pass then
     * computes the reconstruction, the decoder's gradients and, per firing latent,
     * G_l = Σ_b ∂MSE/∂mag_bl·(x_b − b_dec) and Σ_b ∂MSE/∂mag_bl (as if mag were the
     * pre-activation). After it, this pass turns those into the magnitude path's gradients
     * (W_gate: exp(r_l)·G_l; r_mag: exp(r_l)·W_gate[l]·G_l; b_mag: the sum) and adds the gate
     * path's: the L1 of ReLU(π) and the auxiliary reconstruction x̃ through the frozen decoder,
     * which reach W_gate, b_gate and (through the encoder input) b_dec.
     */
    private static final class Pass implements LatentPass {
        private final PassContext c;
        private final ArrayElements scale;
        private final ArrayElements magnitudeBias;
        private final ArrayElements gradScale;
        private final ArrayElements gradMagnitudeBias;
        /** π, latent-major like the pre-activations. */
        private final double[] gate;
        private final LatentCodes open = new LatentCodes();
        private final double[] expScale;
        private final double[] bMag;
        private final double[] bGate;
        private final double[] gradScaleRow;
        private final double[] gateSums;
        private final double[] pulls;
        /** x̃, then dLoss/dx̃. */
        private final double[] xtilde;
        private final double[] encoderRow;
        private final double[] gradEncoderRow;

        Pass(PassContext context) {
            this.c = context;
            LatentParameter r = context.latentParameter(MAGNITUDE_SCALE);
            LatentParameter b = context.latentParameter(MAGNITUDE_BIAS);
            this.scale = ArrayElements.of(r.value());
            this.gradScale = ArrayElements.of(r.gradient());
            this.magnitudeBias = ArrayElements.of(b.value());
            this.gradMagnitudeBias = ArrayElements.of(b.gradient());
            int latents = context.latents();
            this.gate = new double[latents * context.batch()];
            this.expScale = new double[latents];
            this.bMag = new double[latents];
            this.bGate = new double[latents];
            this.gradScaleRow = new double[latents];
            this.gateSums = new double[latents];
            this.pulls = new double[latents];
            this.xtilde = new double[context.batch() * context.outputs()];
            this.encoderRow = new double[context.inputs()];
            this.gradEncoderRow = new double[context.inputs()];
        }

        /** mag = exp(r)·(π − b_gate) + b_mag where π &gt; 0, else 0. */
        @Override
        public void beforeSelect(int i, int rows) {
            int latents = c.latents();
            double[] pre = c.preActivations();
            scale.read(i * latents, expScale, latents);
            magnitudeBias.read(i * latents, bMag, latents);
            c.encoderBias().read(i * latents, bGate, latents);
            for (int l = 0; l < latents; l++) {
                expScale[l] = Math.exp(expScale[l]);
                for (int b = 0, k = l * rows; b < rows; b++, k++) {
                    double pi = pre[k];
                    gate[k] = pi;
                    pre[k] = pi > 0 ? expScale[l] * (pi - bGate[l]) + bMag[l] : 0;
                }
            }
        }

        @Override
        public double afterBackward(int i, double gateL1Coefficient) {
            int latents = c.latents();
            int batch = c.batch();
            int d = c.outputs();
            int dIn = c.inputs();
            double[] x = c.input();
            double[] y = c.target();
            double[] bDec = c.decoderBias();
            double[] decoderRows = c.decoderRows();
            double[] latentSums = c.latentSums();
            LatentCodes fired = c.codes();
            // the rule keeping positive values selects the open gates, with ReLU(π) as values
            POSITIVE.select(gate, latents, batch, true, null, open);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(bDec, 0, xtilde, b * d, d);
            }
            for (int l = 0; l < latents; l++) {
                if (open.start(l) < open.start(l + 1) && fired.start(l) == fired.start(l + 1)) {
                    c.loadDecoderRow(i, l);
                }
                for (int e = open.start(l); e < open.start(l + 1); e++) {
                    RowOps.axpy(open.value(e), decoderRows, l * d, xtilde, open.row(e) * d, d);
                }
            }
            double squares = 0;
            double mseScale = 2.0 / ((double) batch * d);
            for (int k = 0; k < batch * d; k++) {
                double err = xtilde[k] - y[k];
                squares += err * err;
                xtilde[k] = mseScale * err;
            }
            double l1PerRow = gateL1Coefficient / batch;
            for (int l = 0; l < latents; l++) {
                gradScaleRow[l] = 0;
                gateSums[l] = 0;
                pulls[l] = 0;
                if (open.start(l) == open.start(l + 1)) {
                    continue;
                }
                int offset = (i * latents + l) * dIn;
                java.util.Arrays.fill(gradEncoderRow, 0);
                if (fired.start(l) < fired.start(l + 1)) {
                    // the main pass's G_l and Σ dmag, as the magnitude path's gradients
                    c.gradEncoder().read(offset, gradEncoderRow, dIn);
                    c.encoder().read(offset, encoderRow, dIn);
                    gradScaleRow[l] = expScale[l] * RowOps.dot(encoderRow, 0, gradEncoderRow, 0, dIn);
                    for (int j = 0; j < dIn; j++) {
                        gradEncoderRow[j] *= expScale[l];
                    }
                    pulls[l] = expScale[l] * latentSums[l];
                }
                double sum = 0;
                for (int e = open.start(l); e < open.start(l + 1); e++) {
                    double dpi = l1PerRow + RowOps.dot(xtilde, open.row(e) * d, decoderRows, l * d, d);
                    RowOps.axpy(dpi, x, open.row(e) * dIn, gradEncoderRow, 0, dIn);
                    sum += dpi;
                }
                c.centreEncoderGradient(gradEncoderRow, sum);
                c.gradEncoder().write(offset, gradEncoderRow, dIn);
                if (fired.start(l) == fired.start(l + 1)) {
                    c.markGradientRows(i, l);
                }
                gateSums[l] = sum;
                pulls[l] += sum;
            }
            // b_mag's gradient is the main pass's Σ dmag (zero for latents that did not fire)
            gradMagnitudeBias.write(i * latents, latentSums, latents);
            gradScale.write(i * latents, gradScaleRow, latents);
            c.writeEncoderBiasGradient(i, gateSums, pulls);
            return gateL1Coefficient * open.valueSum() / batch + squares / ((double) batch * d);
        }
    }
}
