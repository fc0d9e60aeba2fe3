package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;

import java.util.List;

/**
 * JumpReLU (Rajamanoharan et al. 2024, "Jumping Ahead"): z = pre·H(pre − θ) with a learned
 * threshold θ_l = exp(t_l) per latent, and the loss MSE + λ·L0, L0 = mean_b Σ_l H(pre − θ): λ
 * weighs the L0, not an L1 ({@link Penalty#L0_OF_CODES}). The step function has no useful
 * derivative in θ, so θ trains through the paper's straight-through estimator: with the rectangle
 * kernel K(u) = 1[|u| &lt; ½] of bandwidth ε,
 * <pre>
 *   ∂z/∂θ ≈ −(θ/ε)·K((pre − θ)/ε)      ∂H(pre − θ)/∂θ ≈ −(1/ε)·K((pre − θ)/ε)
 * </pre>
 * while ∂z/∂pre = H(pre − θ) and the L0 term has no gradient in pre. The stack trains t = log θ
 * ({@link #LOG_THRESHOLD}, gradient θ·∂/∂θ) and exports θ as {@code threshold}.
 *
 * @param bandwidth        ε, the kernel's width (&gt; 0)
 * @param initialThreshold θ of every latent at the start and after resampling (&gt; 0)
 */
public record JumpRelu(double bandwidth, double initialThreshold) implements Architecture {
    /** The trained log θ [I, L]. */
    public static final String LOG_THRESHOLD = "log_threshold";

    public JumpRelu {
        if (!(bandwidth > 0 && bandwidth < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the jumprelu bandwidth must be finite and > 0, got " + bandwidth);
        }
        if (!(initialThreshold > 0 && initialThreshold < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the jumprelu initial threshold must be finite and > 0, got "
                    + initialThreshold);
        }
    }

    @Override
    public String name() {
        return "jumprelu";
    }

    @Override
    public Penalty penalty() {
        return Penalty.L0_OF_CODES;
    }

    /** log θ, exported as θ under the name inference tools read. */
    @Override
    public List<LatentParameterSpec> latentParameters() {
        return List.of(new LatentParameterSpec(LOG_THRESHOLD, Math.log(initialThreshold), SaeWeights.THRESHOLD,
                Math::exp, Math::log));
    }

    /** Keeps pre[l, b] &gt; θ_l, with {@code threshold} holding θ (not log θ) per latent. */
    @Override
    public void select(double[] pre, int latents, int rows, boolean training, double[] threshold, LatentCodes out) {
        out.begin(latents, rows);
        for (int l = 0, k = 0; l < latents; l++) {
            double theta = threshold[l];
            for (int b = 0; b < rows; b++, k++) {
                if (pre[k] > theta) {
                    out.add(b, pre[k]);
                }
            }
            out.endLatent();
        }
    }

    @Override
    public LatentPass pass(PassContext context) {
        return new Pass(context, bandwidth);
    }

    /**
     * θ = exp(log θ) for the selection, and after the main pass (which ran without a penalty on
     * the codes, so its encoder gradients are the MSE's through ∂z/∂pre = H(pre − θ)) the gradient
     * of log θ through the straight-through estimator and the L0 term. Only entries within ε/2 of
     * their threshold contribute.
     */
    private static final class Pass implements LatentPass {
        private final PassContext c;
        private final double bandwidth;
        private final ArrayElements logThreshold;
        private final ArrayElements gradient;
        private final double[] gradRow;

        Pass(PassContext context, double bandwidth) {
            this.c = context;
            this.bandwidth = bandwidth;
            LatentParameter p = context.latentParameter(LOG_THRESHOLD);
            this.logThreshold = ArrayElements.of(p.value());
            this.gradient = ArrayElements.of(p.gradient());
            this.gradRow = new double[context.latents()];
        }

        @Override
        public void beforeSelect(int i, int rows) {
            int latents = c.latents();
            double[] thresholdRow = c.thresholdRow();
            logThreshold.read(i * latents, thresholdRow, latents);
            for (int l = 0; l < latents; l++) {
                thresholdRow[l] = Math.exp(thresholdRow[l]);
            }
        }

        /**
         * d/d log θ_l = θ_l · Σ_b K((pre − θ_l)/ε)·[−(θ_l/ε)·∂MSE/∂z_bl − λ/(B·ε)], with ∂MSE/∂z_bl =
         * dx̂_b·W_dec[l] also for entries just below the threshold (z = 0 there, the derivative not).
         * Returns λ·L0.
         */
        @Override
        public double afterBackward(int i, double l0Coefficient) {
            int latents = c.latents();
            int batch = c.batch();
            int d = c.outputs();
            double halfWidth = bandwidth / 2;
            double l0PerRow = l0Coefficient / batch;
            LatentCodes codes = c.codes();
            double[] thresholdRow = c.thresholdRow();
            double[] pre = c.preActivations();
            double[] dxhat = c.reconstructionGradient();
            double[] decoderRows = c.decoderRows();
            for (int l = 0; l < latents; l++) {
                double theta = thresholdRow[l];
                // decode loaded the rows of firing latents
                boolean loaded = codes.start(l) < codes.start(l + 1);
                double sum = 0;
                for (int b = 0, k = l * batch; b < batch; b++, k++) {
                    if (Math.abs(pre[k] - theta) < halfWidth) {
                        if (!loaded) {
                            c.loadDecoderRow(i, l);
                            loaded = true;
                        }
                        double dz = RowOps.dot(dxhat, b * d, decoderRows, l * d, d);
                        sum -= (theta * dz + l0PerRow) / bandwidth;
                    }
                }
                gradRow[l] = theta * sum;
            }
            gradient.write(i * latents, gradRow, latents);
            return l0Coefficient * codes.size() / batch;
        }
    }
}
