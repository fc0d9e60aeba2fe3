package dev.superpose.model.sae;

/**
 * BatchTopK (Bussmann et al. 2024): in training, the k·rows largest pre-activations of the whole
 * batch fire (positive ones only), so samples share a budget of k latents on average; ties at the
 * cut go to the lower (latent, row) position. At inference a sample cannot see its batch, so a
 * latent fires where its pre-activation exceeds a threshold: the running average of the batch
 * cut (the smallest kept value of each training batch), θ ← decay·θ + (1 − decay)·cut, starting
 * at the first cut. The estimate is one number per instance, kept per latent ([L], all equal) so
 * that inference reads it like a JumpReLU threshold. Before any training batch (θ NaN) inference
 * is a plain ReLU.
 *
 * @param thresholdDecay the running average's weight on the previous estimate, in [0, 1)
 */
public record BatchTopK(int k, double thresholdDecay) implements Architecture {
    /** dictionary_learning's default (threshold_beta). */
    public static final double DEFAULT_THRESHOLD_DECAY = 0.999;

    public BatchTopK {
        if (k < 1) {
            throw new IllegalArgumentException("batchtopk needs k >= 1, got " + k);
        }
        if (!(thresholdDecay >= 0 && thresholdDecay < 1)) {
            throw new IllegalArgumentException("batchtopk threshold decay must be in [0, 1), got " + thresholdDecay);
        }
    }

    public static BatchTopK of(int k) {
        return new BatchTopK(k, DEFAULT_THRESHOLD_DECAY);
    }

    @Override
    public void requireFits(int latents) {
        if (k > latents) {
            throw new IllegalArgumentException("batchtopk k must be at most the latent count " + latents + ", got "
                    + k);
        }
    }

    @Override
    public boolean keepsThreshold() {
        return true;
    }

    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        if (training) {
            selectBatch(pre, latents, rows, threshold, out);
        } else {
            selectByThreshold(pre, latents, rows, threshold, out);
        }
    }

    private void selectBatch(double[] pre, int latents, int rows, double[] threshold, LatentCodes out) {
        int n = latents * rows;
        int budget = k * rows;
        double[] values = out.scratch(n);
        System.arraycopy(pre, 0, values, 0, n);
        double cut = KthLargest.of(values, n, budget);
        int ties = budget;
        for (int i = 0; i < n; i++) {
            ties -= pre[i] > cut ? 1 : 0;
        }
        double smallestKept = Double.POSITIVE_INFINITY;
        out.begin(latents, rows);
        for (int l = 0, i = 0; l < latents; l++) {
            for (int b = 0; b < rows; b++, i++) {
                double v = pre[i];
                boolean kept = v > cut || (v == cut && ties-- > 0);
                if (kept && v > 0) {
                    out.add(b, v);
                    smallestKept = Math.min(smallestKept, v);
                }
            }
            out.endLatent();
        }
        if (smallestKept != Double.POSITIVE_INFINITY) {
            double previous = threshold[0];
            double next = Double.isNaN(previous) ? smallestKept
                    : thresholdDecay * previous + (1 - thresholdDecay) * smallestKept;
            java.util.Arrays.fill(threshold, 0, latents, next);
        }
    }

    private static void selectByThreshold(double[] pre, int latents, int rows, double[] threshold, LatentCodes out) {
        out.begin(latents, rows);
        for (int l = 0, i = 0; l < latents; l++) {
            double floor = Double.isNaN(threshold[l]) ? 0 : Math.max(0, threshold[l]);
            for (int b = 0; b < rows; b++, i++) {
                if (pre[i] > floor) {
                    out.add(b, pre[i]);
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
        return "batchtopk";
    }
}
