package dev.superpose.data.source;

import dev.superpose.config.SourceConfig.FfnInit;

import java.util.Optional;

/**
 * {@code source.kind = ffn}: another source passed through a fixed random ReLU MLP
 * y = W₂ relu(W₁ x), d → 4d → d, as in the random-network controls of Sharkey et al. 2022. The
 * MLP mixes the input's features non-linearly, so no ground-truth dictionary is known.
 *
 * <p>Weights are drawn once from the seed. {@code he}: without biases, W₁ ~ N(0, 2/d) (He
 * initialisation, so the ReLU keeps the input's scale) and W₂ ~ N(0, 1/(4d)), which together keep
 * E‖y‖² ≈ ‖x‖². {@code pytorch}: y = W₂ relu(W₁ x + b₁) + b₂ with PyTorch's default nn.Linear
 * init, as the study's ffn.py (depth 2, hidden size 4d).
 */
public final class FfnSource implements ActivationSource {
    public static final int WIDTH_FACTOR = 4;
    static final long FIRST_LAYER_DOMAIN = 0x46464E31L; // "FFN1"
    static final long SECOND_LAYER_DOMAIN = 0x46464E32L; // "FFN2"
    static final long FIRST_BIAS_DOMAIN = 0x46464231L; // "FFB1"
    static final long SECOND_BIAS_DOMAIN = 0x46464232L; // "FFB2"

    private final ActivationSource input;
    private final int dim;
    private final int width;
    /** W₁ᵀ, row-major [d, 4d]. */
    private final float[] firstLayer;
    /** W₂ᵀ, row-major [4d, d]. */
    private final float[] secondLayer;
    /** b₁ [4d] and b₂ [d]; zero for {@code he}. */
    private final float[] firstBias;
    private final float[] secondBias;
    /** Scratch for one batch: the input rows [batch, d] and the hidden units [batch, 4d]. */
    private float[] inputs = new float[0];
    private float[] hidden = new float[0];

    /** The {@code he} MLP. */
    public FfnSource(ActivationSource input, long seed) {
        this(input, FfnInit.HE, seed);
    }

    public FfnSource(ActivationSource input, FfnInit init, long seed) {
        this.input = input;
        this.dim = input.dim();
        this.width = Math.multiplyExact(WIDTH_FACTOR, dim);
        // Drawing the transposes directly: their entries are as independent as W's.
        switch (init) {
            case HE -> {
                this.firstLayer = RandomMatrix.gaussian(seed, FIRST_LAYER_DOMAIN, dim, width, Math.sqrt(2.0 / dim));
                this.secondLayer = RandomMatrix.gaussian(seed, SECOND_LAYER_DOMAIN, width, dim, Math.sqrt(1.0 / width));
                this.firstBias = new float[width];
                this.secondBias = new float[dim];
            }
            case PYTORCH -> {
                // nn.Linear's reset_parameters: kaiming_uniform(a = √5) gives U(±1/√fan_in), the bias the same bound
                double firstBound = 1 / Math.sqrt(dim);
                double secondBound = 1 / Math.sqrt(width);
                this.firstLayer = RandomMatrix.uniform(seed, FIRST_LAYER_DOMAIN, dim, width, firstBound);
                this.secondLayer = RandomMatrix.uniform(seed, SECOND_LAYER_DOMAIN, width, dim, secondBound);
                this.firstBias = RandomMatrix.uniform(seed, FIRST_BIAS_DOMAIN, 1, width, firstBound);
                this.secondBias = RandomMatrix.uniform(seed, SECOND_BIAS_DOMAIN, 1, dim, secondBound);
            }
            default -> throw new IllegalArgumentException("unknown ffn init " + init);
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.empty();
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        ensureScratch(batch);
        input.fill(step, batch, inputs, 0);
        forward(batch, target, offset);
    }

    /** The input source's held-out rows through the MLP (a dataset's test split stays a test split). */
    @Override
    public Activations heldOut(int rows) {
        return apply(input.heldOut(rows));
    }

    /** The MLP applied to each row of {@code x}. */
    public Activations apply(Activations x) {
        if (x.dim() != dim) {
            throw new IllegalArgumentException("ffn source of dimension " + dim + " cannot transform rows of "
                    + x.dim());
        }
        ensureScratch(x.rows());
        System.arraycopy(x.values(), 0, inputs, 0, x.values().length);
        float[] y = new float[x.values().length];
        forward(x.rows(), y, 0);
        return new Activations(x.rows(), dim, y);
    }

    private void ensureScratch(int batch) {
        if (inputs.length < batch * dim) {
            inputs = new float[batch * dim];
            hidden = new float[batch * width];
        }
    }

    private void forward(int batch, float[] target, int offset) {
        SparseProduct.multiply(inputs, batch, dim, firstLayer, width, hidden, 0);
        for (int k = 0; k < batch * width; k++) {
            hidden[k] = Math.max(hidden[k] + firstBias[k % width], 0f);
        }
        SparseProduct.multiply(hidden, batch, width, secondLayer, dim, target, offset);
        for (int k = 0; k < batch * dim; k++) {
            target[offset + k] += secondBias[k % dim];
        }
    }
}
