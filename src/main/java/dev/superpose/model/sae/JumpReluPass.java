package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

/**
 * {@link JumpRelu}'s part of an instance's pass: θ = exp(log θ) for the selection, and after the
 * main pass (which ran without a penalty on the codes, so its encoder gradients are the MSE's
 * through ∂z/∂pre = H(pre − θ)) the gradient of log θ through the straight-through estimator
 * and the L0 term. Only entries within ε/2 of their threshold contribute.
 */
final class JumpReluPass implements LatentPass {
    private final SaeStack stack;
    private final SaeStack.InstanceWork w;
    private final double bandwidth;
    private final ArrayElements logThreshold;
    private final ArrayElements gradient;
    private final double[] gradRow;

    JumpReluPass(SaeStack stack, SaeStack.InstanceWork w, JumpRelu rule) {
        this.stack = stack;
        this.w = w;
        this.bandwidth = rule.bandwidth();
        SaeStack.LatentParameter p = stack.latentParameter(SaeStack.LOG_THRESHOLD);
        this.logThreshold = ArrayElements.of(p.value());
        this.gradient = ArrayElements.of(p.gradient());
        this.gradRow = new double[stack.latents()];
    }

    @Override
    public void beforeSelect(int i, int rows) {
        int latents = stack.latents();
        logThreshold.read(i * latents, w.thresholdRow, latents);
        for (int l = 0; l < latents; l++) {
            w.thresholdRow[l] = Math.exp(w.thresholdRow[l]);
        }
    }

    /**
     * d/d log θ_l = θ_l · Σ_b K((pre − θ_l)/ε)·[−(θ_l/ε)·∂MSE/∂z_bl − λ/(B·ε)], with ∂MSE/∂z_bl =
     * dx̂_b·W_dec[l] also for entries just below the threshold (z = 0 there, the derivative not).
     * Returns λ·L0.
     */
    @Override
    public double afterBackward(int i, double l1) {
        int latents = stack.latents();
        int batch = stack.batch();
        int d = stack.inputs();
        double halfWidth = bandwidth / 2;
        double l0PerRow = l1 / batch;
        LatentCodes codes = w.codes;
        for (int l = 0; l < latents; l++) {
            double theta = w.thresholdRow[l];
            // decode loaded the rows of firing latents
            boolean loaded = codes.start(l) < codes.start(l + 1);
            double sum = 0;
            for (int b = 0, k = l * batch; b < batch; b++, k++) {
                if (Math.abs(w.pre[k] - theta) < halfWidth) {
                    if (!loaded) {
                        w.loadDecoderRow(i, l);
                        loaded = true;
                    }
                    double dz = RowOps.dot(w.dxhat, b * d, w.decoderRows, l * d, d);
                    sum -= (theta * dz + l0PerRow) / bandwidth;
                }
            }
            gradRow[l] = theta * sum;
        }
        gradient.write(i * latents, gradRow, latents);
        return l1 * codes.size() / batch;
    }
}
