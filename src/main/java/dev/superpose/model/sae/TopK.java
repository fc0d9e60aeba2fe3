package dev.superpose.model.sae;

/**
 * z = ReLU(TopK(pre)) per sample (Gao et al. 2024): each sample keeps its k largest
 * pre-activations, of which the positive ones fire. Ties at the k-th value go to the lower latent
 * index, so the selection is a deterministic function of the pre-activations.
 */
public record TopK(int k) implements Architecture {

    public TopK {
        if (k < 1) {
            throw new IllegalArgumentException("topk needs k >= 1, got " + k);
        }
    }

    @Override
    public void requireFits(int latents) {
        if (k > latents) {
            throw new IllegalArgumentException("topk k must be at most the latent count " + latents + ", got " + k);
        }
    }

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        double[] column = out.scratch(latents);
        double[] cut = out.rowCuts(rows);
        int[] ties = out.rowTies(rows);
        for (int b = 0; b < rows; b++) {
            int above = 0;
            for (int l = 0; l < latents; l++) {
                column[l] = pre[l * rows + b];
            }
            double kth = KthLargest.of(column, latents, k);
            for (int l = 0; l < latents; l++) {
                above += pre[l * rows + b] > kth ? 1 : 0;
            }
            cut[b] = kth;
            ties[b] = k - above;
        }
        out.begin(latents, rows);
        for (int l = 0, i = 0; l < latents; l++) {
            for (int b = 0; b < rows; b++, i++) {
                double v = pre[i];
                boolean kept = v > cut[b] || (v == cut[b] && ties[b]-- > 0);
                if (kept && v > 0) {
                    out.add(b, v);
                }
            }
            out.endLatent();
        }
    }

    @Override
    public boolean allowsAuxK() {
        return true;
    }

    @Override
    public Penalty penalty() {
        return Penalty.L1_OF_CODES;
    }

    @Override
    public String name() {
        return "topk";
    }
}
