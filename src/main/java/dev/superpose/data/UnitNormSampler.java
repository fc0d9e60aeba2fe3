package dev.superpose.data;

/**
 * {@code data.unit-norm}: another sampler's samples, each scaled to unit L2 norm, as in
 * Henighan et al. 2023 (superposition, memorization and double descent). An all-zero sample
 * has no direction and stays zero; it is kept rather than redrawn, so that every sample is
 * still one draw of the underlying generator (with the paper's 1000+ features at sparsity
 * 0.99 an empty sample has probability about e^-10).
 */
final class UnitNormSampler implements FeatureSampler {
    private final FeatureSampler source;

    UnitNormSampler(FeatureSampler source) {
        this.source = source;
    }

    @Override
    public int features() {
        return source.features();
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        source.fill(step, batch, target, offset);
        int features = features();
        for (int row = offset; row < offset + batch * features; row += features) {
            double squares = 0;
            for (int f = row; f < row + features; f++) {
                squares += (double) target[f] * target[f];
            }
            if (squares > 0) {
                double scale = 1 / Math.sqrt(squares);
                for (int f = row; f < row + features; f++) {
                    target[f] = (float) (target[f] * scale);
                }
            }
        }
    }
}
