package dev.superpose.model.sae;

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
    private final LatentCodes auxCodes = new LatentCodes();

    AuxKPass(PassContext context, AuxK aux) {
        this.c = context;
        this.aux = aux;
        this.deadLatents = new int[context.latents()];
        this.deadPre = new double[context.latents() * context.batch()];
        this.ehat = new double[context.batch() * context.outputs()];
    }

    @Override
    public void beforeSelect(int i, int rows) {
    }

    @Override
    public double afterBackward(int i, double coefficient) {
        int latents = c.latents();
        int batch = c.batch();
        int d = c.outputs();
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
        // ehat becomes dLoss/dê = coefficient · 2/(B·d) · (ê − e), e = y − x̂ (y the target: x for an SAE)
        double[] y = c.target();
        double[] xhat = c.reconstruction();
        double squares = 0;
        double scale = aux.coefficient() * 2.0 / ((double) batch * d);
        for (int k = 0; k < batch * d; k++) {
            double err = ehat[k] - (y[k] - xhat[k]);
            squares += err * err;
            ehat[k] = scale * err;
        }
        double[] latentSums = c.latentSums();
        for (int m = 0; m < count; m++) {
            if (auxCodes.start(m) < auxCodes.start(m + 1)) {
                latentSums[deadLatents[m]] += c.addLatentGradients(i, deadLatents[m], auxCodes, m, ehat);
            }
        }
        c.writeEncoderBiasGradient(i, latentSums, latentSums);
        return aux.coefficient() * squares / ((double) batch * d);
    }
}
