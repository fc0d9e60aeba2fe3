package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * The {@link Gated} SAE's part of an instance's pass. Before the selection it keeps the gate
 * π = pre and turns the pre-activations into the magnitudes, zeroed where the gate is shut, so
 * the rule's codes are f. The main pass then computes the reconstruction, the decoder's
 * gradients and, per firing latent, G_l = Σ_b ∂MSE/∂mag_bl·(x_b − b_dec) and Σ_b ∂MSE/∂mag_bl
 * (as if mag were the pre-activation). After it, this pass turns those into the magnitude path's
 * gradients (W_gate: exp(r_l)·G_l; r_mag: exp(r_l)·W_gate[l]·G_l; b_mag: the sum) and adds the
 * gate path's: the L1 of ReLU(π) and the auxiliary reconstruction x̃ through the frozen decoder,
 * which reach W_gate, b_gate and (through the encoder input) b_dec.
 */
final class GatedPass implements LatentPass {
    private final SaeStack stack;
    private final SaeStack.InstanceWork w;
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

    GatedPass(SaeStack stack, SaeStack.InstanceWork w) {
        this.stack = stack;
        this.w = w;
        SaeStack.LatentParameter r = stack.latentParameter(SaeStack.MAGNITUDE_SCALE);
        SaeStack.LatentParameter b = stack.latentParameter(SaeStack.MAGNITUDE_BIAS);
        this.scale = ArrayElements.of(r.value());
        this.gradScale = ArrayElements.of(r.gradient());
        this.magnitudeBias = ArrayElements.of(b.value());
        this.gradMagnitudeBias = ArrayElements.of(b.gradient());
        int latents = stack.latents();
        this.gate = new double[latents * stack.batch()];
        this.expScale = new double[latents];
        this.bMag = new double[latents];
        this.bGate = new double[latents];
        this.gradScaleRow = new double[latents];
        this.gateSums = new double[latents];
        this.pulls = new double[latents];
        this.xtilde = new double[stack.batch() * stack.inputs()];
        this.encoderRow = new double[stack.inputs()];
        this.gradEncoderRow = new double[stack.inputs()];
    }

    /** mag = exp(r)·(π − b_gate) + b_mag where π &gt; 0, else 0. */
    @Override
    public void beforeSelect(int i, int rows) {
        int latents = stack.latents();
        scale.read(i * latents, expScale, latents);
        magnitudeBias.read(i * latents, bMag, latents);
        w.encoderBiasView.read(i * latents, bGate, latents);
        for (int l = 0; l < latents; l++) {
            expScale[l] = Math.exp(expScale[l]);
            for (int b = 0, k = l * rows; b < rows; b++, k++) {
                double pi = w.pre[k];
                gate[k] = pi;
                w.pre[k] = pi > 0 ? expScale[l] * (pi - bGate[l]) + bMag[l] : 0;
            }
        }
    }

    @Override
    public double afterBackward(int i, double l1) {
        int latents = stack.latents();
        int batch = stack.batch();
        int d = stack.inputs();
        double[] x = stack.batchInput();
        LatentCodes fired = w.codes;
        // the rule keeping positive values selects the open gates, with ReLU(π) as values
        stack.activation().select(gate, latents, batch, true, null, open);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(w.bDec, 0, xtilde, b * d, d);
        }
        for (int l = 0; l < latents; l++) {
            if (open.start(l) < open.start(l + 1) && fired.start(l) == fired.start(l + 1)) {
                w.loadDecoderRow(i, l);
            }
            for (int e = open.start(l); e < open.start(l + 1); e++) {
                RowOps.axpy(open.value(e), w.decoderRows, l * d, xtilde, open.row(e) * d, d);
            }
        }
        double squares = 0;
        double mseScale = 2.0 / ((double) batch * d);
        for (int k = 0; k < batch * d; k++) {
            double err = xtilde[k] - x[k];
            squares += err * err;
            xtilde[k] = mseScale * err;
        }
        double l1PerRow = l1 / batch;
        for (int l = 0; l < latents; l++) {
            gradScaleRow[l] = 0;
            gateSums[l] = 0;
            pulls[l] = 0;
            if (open.start(l) == open.start(l + 1)) {
                continue;
            }
            int offset = (i * latents + l) * d;
            java.util.Arrays.fill(gradEncoderRow, 0);
            if (fired.start(l) < fired.start(l + 1)) {
                // the main pass's G_l and Σ dmag, as the magnitude path's gradients
                w.gradEncoderView.read(offset, gradEncoderRow, d);
                w.encoderView.read(offset, encoderRow, d);
                gradScaleRow[l] = expScale[l] * RowOps.dot(encoderRow, 0, gradEncoderRow, 0, d);
                for (int j = 0; j < d; j++) {
                    gradEncoderRow[j] *= expScale[l];
                }
                pulls[l] = expScale[l] * w.latentSums[l];
            }
            double sum = 0;
            for (int e = open.start(l); e < open.start(l + 1); e++) {
                int row = open.row(e) * d;
                double dpi = l1PerRow + RowOps.dot(xtilde, row, w.decoderRows, l * d, d);
                RowOps.axpy(dpi, x, row, gradEncoderRow, 0, d);
                sum += dpi;
            }
            for (int j = 0; j < d; j++) {
                gradEncoderRow[j] -= sum * w.bDec[j];
            }
            w.gradEncoderView.write(offset, gradEncoderRow, d);
            if (fired.start(l) == fired.start(l + 1)) {
                w.markGradientRows(i, l);
            }
            gateSums[l] = sum;
            pulls[l] += sum;
        }
        // b_mag's gradient is the main pass's Σ dmag (zero for latents that did not fire)
        gradMagnitudeBias.write(i * latents, w.latentSums, latents);
        gradScale.write(i * latents, gradScaleRow, latents);
        w.gradEncoderBiasView.write(i * latents, gateSums, latents);
        w.codeSumsView.write(i * latents, pulls, latents);
        return l1 * open.valueSum() / batch + squares / ((double) batch * d);
    }
}
