package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.data.FeatureSampler;

/**
 * {@code source.kind = projection}: inputs x drawn by the {@code data} section (as a TMS model's
 * inputs) through a fixed random linear map h = W x, W [dim, features] drawn as PyTorch's default
 * {@code nn.Linear(features, dim, bias=False)} weight, U(±1/√features). This is how the
 * random-transformer SAE study builds its lomax data ({@code superposition/datasets/lomax.py}) and
 * Figure 4 ({@code experiments/2d.py}: 3 ±Lomax(1) features in 2 dimensions). The truth is W's
 * columns, normalised; it is an untrained {@link TmsSource}.
 */
public final class ProjectionSource {
    static final long WEIGHT_DOMAIN = 0x50524F4AL; // "PROJ"

    private ProjectionSource() {
    }

    /** The source of {@code features} inputs in {@code dim} dimensions, W and x drawn from {@code seed}. */
    public static TmsSource of(int dim, int features, DataConfig data, long seed) {
        return new TmsSource(dim, features, weight(dim, features, seed), FeatureSampler.of(features, data, seed),
                "source.kind = projection");
    }

    /** W, row-major [dim, features]: nn.Linear's kaiming_uniform(a = √5), U(±1/√fan_in) with fan_in = features. */
    static float[] weight(int dim, int features, long seed) {
        return RandomMatrix.uniform(seed, WEIGHT_DOMAIN, dim, features, 1 / Math.sqrt(features));
    }
}
