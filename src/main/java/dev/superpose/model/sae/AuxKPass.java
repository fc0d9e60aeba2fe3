package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * {@link AuxK}'s part of an instance's pass, after the main one: per row, the top aux-k
 * pre-activations among the instance's dead latents ({@link PassContext#dead}; positive ones
 * only, as {@link TopK} selects) reconstruct the main error e = x − x̂ through the decoder, and
 * the gradients of coefficient · MSE(ê, e), e held constant, are added to those rows. No dead
 * latent, no loss.
 */
final class AuxKPass implements LatentPass {
    private final PassContext c;
    private final AuxK aux;
    private final int[] deadLatents;
    private final double[] deadPre;
    private final double[] ehat;
    private final double[] gradRow;
    private final double[] encoderGradRow;
    private final double[] row;
    private final LatentCodes auxCodes = new LatentCodes();

    AuxKPass(PassContext context, AuxK aux) {
        this.c = context;
        this.aux = aux;
        this.deadLatents = new int[context.latents()];
        this.deadPre = new double[context.latents() * context.batch()];
        this.ehat = new double[context.batch() * context.inputs()];
        this.gradRow = new double[context.inputs()];
        this.encoderGradRow = new double[context.inputs()];
        this.row = new double[context.inputs()];
    }

    @Override
    public void beforeSelect(int i, int rows) {
    }

    @Override
    public double afterBackward(int i, double coefficient) {
        int latents = c.latents();
        int batch = c.batch();
        int d = c.inputs();
        double[] pre = c.preActivations();
        int count = 0;
        for (int l = 0; l < latents; l++) {
            if (c.dead(i, l)) {
                System.arraycopy(pre, l * batch, deadPre, count * batch, batch);
                deadLatents[count++] = l;
            }
        }
        if (count == 0) {
            return 0;
        }
        new TopK(Math.min(aux.k(), count)).select(deadPre, count, batch, true, null, auxCodes);
        double[] decoderRows = c.decoderRows();
        java.util.Arrays.fill(ehat, 0);
        for (int m = 0; m < count; m++) {
            if (auxCodes.start(m) < auxCodes.start(m + 1)) {
                c.loadDecoderRow(i, deadLatents[m]);
            }
            for (int e = auxCodes.start(m); e < auxCodes.start(m + 1); e++) {
                RowOps.axpy(auxCodes.value(e), decoderRows, deadLatents[m] * d, ehat, auxCodes.row(e) * d, d);
            }
        }
        // ehat becomes dLoss/dê = coefficient · 2/(B·d) · (ê − e), e = x − x̂
        double[] x = c.input();
        double[] xhat = c.reconstruction();
        double squares = 0;
        double scale = aux.coefficient() * 2.0 / ((double) batch * d);
        for (int k = 0; k < batch * d; k++) {
            double err = ehat[k] - (x[k] - xhat[k]);
            squares += err * err;
            ehat[k] = scale * err;
        }
        for (int m = 0; m < count; m++) {
            if (auxCodes.start(m) < auxCodes.start(m + 1)) {
                addLatentGradients(i, deadLatents[m], m, x);
            }
        }
        c.writeEncoderBiasGradient(i, c.latentSums(), c.latentSums());
        return aux.coefficient() * squares / ((double) batch * d);
    }

    /** Adds dead latent l's (aux index m) decoder, encoder and b_enc gradients to the main pass's. */
    private void addLatentGradients(int i, int l, int m, double[] x) {
        int d = c.inputs();
        double[] decoderRows = c.decoderRows();
        java.util.Arrays.fill(gradRow, 0);
        java.util.Arrays.fill(encoderGradRow, 0);
        double sum = 0;
        for (int e = auxCodes.start(m); e < auxCodes.start(m + 1); e++) {
            int offset = auxCodes.row(e) * d;
            double da = RowOps.dot(ehat, offset, decoderRows, l * d, d);
            RowOps.axpy(auxCodes.value(e), ehat, offset, gradRow, 0, d);
            RowOps.axpy(da, x, offset, encoderGradRow, 0, d);
            sum += da;
        }
        double[] bDec = c.decoderBias();
        for (int j = 0; j < d; j++) {
            encoderGradRow[j] -= sum * bDec[j];
        }
        c.projectOntoTangent(gradRow, l);
        int offset = (i * c.latents() + l) * d;
        addInto(c.gradDecoder(), offset, gradRow);
        addInto(c.gradEncoder(), offset, encoderGradRow);
        LatentCodes codes = c.codes();
        if (codes.start(l) == codes.start(l + 1)) {
            c.markGradientRows(i, l);
        }
        c.latentSums()[l] += sum;
    }

    private void addInto(ArrayElements view, int offset, double[] values) {
        int d = c.inputs();
        view.read(offset, row, d);
        for (int j = 0; j < d; j++) {
            row[j] += values[j];
        }
        view.write(offset, row, d);
    }
}
