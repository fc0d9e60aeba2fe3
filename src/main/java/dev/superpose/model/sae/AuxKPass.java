package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * {@link AuxK}'s part of an instance's pass, after the main one: per row, the top aux-k
 * pre-activations among the instance's dead latents ({@link SaeStack#deadMask()}; positive ones
 * only, as {@link TopK} selects) reconstruct the main error e = x − x̂ through the decoder, and
 * the gradients of coefficient · MSE(ê, e), e held constant, are added to those rows. No dead
 * latent, no loss.
 */
final class AuxKPass implements LatentPass {
    private final SaeStack stack;
    private final SaeStack.InstanceWork w;
    private final AuxK aux;
    private final int[] deadLatents;
    private final double[] deadPre;
    private final double[] ehat;
    private final LatentCodes auxCodes = new LatentCodes();

    AuxKPass(SaeStack stack, SaeStack.InstanceWork w, AuxK aux) {
        this.stack = stack;
        this.w = w;
        this.aux = aux;
        this.deadLatents = new int[stack.latents()];
        this.deadPre = new double[stack.latents() * stack.batch()];
        this.ehat = new double[stack.batch() * stack.inputs()];
    }

    @Override
    public void beforeSelect(int i, int rows) {
    }

    @Override
    public double afterBackward(int i, double l1) {
        int latents = stack.latents();
        int batch = stack.batch();
        int d = stack.inputs();
        boolean[] dead = stack.deadMask();
        int count = 0;
        for (int l = 0; l < latents; l++) {
            if (dead[i * latents + l]) {
                System.arraycopy(w.pre, l * batch, deadPre, count * batch, batch);
                deadLatents[count++] = l;
            }
        }
        if (count == 0) {
            return 0;
        }
        new TopK(Math.min(aux.k(), count)).select(deadPre, count, batch, true, null, auxCodes);
        java.util.Arrays.fill(ehat, 0);
        for (int m = 0; m < count; m++) {
            if (auxCodes.start(m) < auxCodes.start(m + 1)) {
                w.loadDecoderRow(i, deadLatents[m]);
            }
            for (int e = auxCodes.start(m); e < auxCodes.start(m + 1); e++) {
                RowOps.axpy(auxCodes.value(e), w.decoderRows, deadLatents[m] * d, ehat, auxCodes.row(e) * d, d);
            }
        }
        // ehat becomes dLoss/dê = coefficient · 2/(B·d) · (ê − e), e = x − x̂
        double[] x = stack.batchInput();
        double squares = 0;
        double scale = aux.coefficient() * 2.0 / ((double) batch * d);
        for (int k = 0; k < batch * d; k++) {
            double err = ehat[k] - (x[k] - w.xhat[k]);
            squares += err * err;
            ehat[k] = scale * err;
        }
        for (int m = 0; m < count; m++) {
            if (auxCodes.start(m) < auxCodes.start(m + 1)) {
                addLatentGradients(i, deadLatents[m], m, x);
            }
        }
        w.gradEncoderBiasView.write(i * latents, w.latentSums, latents);
        w.codeSumsView.write(i * latents, w.latentSums, latents);
        return aux.coefficient() * squares / ((double) batch * d);
    }

    /** Adds dead latent l's (aux index m) decoder, encoder and b_enc gradients to the main pass's. */
    private void addLatentGradients(int i, int l, int m, double[] x) {
        int d = stack.inputs();
        java.util.Arrays.fill(w.gradRow, 0);
        java.util.Arrays.fill(w.encoderGradRow, 0);
        double sum = 0;
        for (int e = auxCodes.start(m); e < auxCodes.start(m + 1); e++) {
            int offset = auxCodes.row(e) * d;
            double da = RowOps.dot(ehat, offset, w.decoderRows, l * d, d);
            RowOps.axpy(auxCodes.value(e), ehat, offset, w.gradRow, 0, d);
            RowOps.axpy(da, x, offset, w.encoderGradRow, 0, d);
            sum += da;
        }
        for (int j = 0; j < d; j++) {
            w.encoderGradRow[j] -= sum * w.bDec[j];
        }
        w.projectOntoTangent(l * d, w.rowNorm[l]);
        int offset = (i * stack.latents() + l) * d;
        addInto(w.gradDecoderView, offset, w.gradRow);
        addInto(w.gradEncoderView, offset, w.encoderGradRow);
        if (w.codes.start(l) == w.codes.start(l + 1)) {
            w.markGradientRows(i, l);
        }
        w.latentSums[l] += sum;
    }

    private void addInto(ArrayElements view, int offset, double[] values) {
        int d = stack.inputs();
        view.read(offset, w.row, d);
        for (int j = 0; j < d; j++) {
            w.row[j] += values[j];
        }
        view.write(offset, w.row, d);
    }
}
