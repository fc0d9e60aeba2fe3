package dev.superpose.model.sae;

/** z = ReLU(pre): every latent with a positive pre-activation fires (the standard L1-penalised SAE). */
public record Relu() implements Architecture {

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        out.begin(latents, rows);
        for (int l = 0, k = 0; l < latents; l++) {
            for (int b = 0; b < rows; b++, k++) {
                out.addIf(b, pre[k], pre[k] > 0);
            }
            out.endLatent();
        }
    }

    @Override
    public Penalty penalty() {
        return Penalty.L1_OF_CODES;
    }

    @Override
    public String name() {
        return "relu";
    }
}
