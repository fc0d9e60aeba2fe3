package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import dev.superpose.config.SourceConfig.SharkeyRecipe;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StudySharkeySampler;

import java.util.Collections;
import java.util.Optional;

/**
 * {@code source.kind = sharkey}: synthetic activations with a known dictionary (Sharkey et al.
 * 2022, "Taking features out of superposition with sparse autoencoders"). {@code features}
 * ground-truth directions g_i, unit vectors in {@code dim} dimensions, are drawn once per seed;
 * a sample is h = Σ_i c_i g_i with codes c drawn by the {@code recipe}: {@code copula} (the
 * {@code data.kind = sharkey} generator: correlated presence through a Gaussian copula, marginal
 * probability ∝ decay^i scaled to {@code meanActive} features on average, magnitude U[0, 1]) or
 * {@code study} ({@link StudySharkeySampler}, the random-transformer SAE study's sharkey.py).
 */
public final class SharkeySource implements ActivationSource {
    public static final int DEFAULT_DIM = 256;
    public static final int DEFAULT_FEATURES = 512;
    public static final double DEFAULT_MEAN_ACTIVE = 5;
    /** The same default as {@code data.probability-decay}. */
    public static final double DEFAULT_PROBABILITY_DECAY = 0.99;
    /** Separates the dictionary from the code draws of the same seed. */
    static final long DICTIONARY_DOMAIN = 0x44494354L; // "DICT"

    private final int dim;
    private final int features;
    private final FeatureSampler codes;
    private final GroundTruth dictionary;
    /** The current batch of codes c [batch, features], grown on demand. */
    private float[] scratch = new float[0];

    /** The copula recipe. */
    public SharkeySource(int dim, int features, double probabilityDecay, double meanActive, long seed) {
        this(dim, features, probabilityDecay, meanActive, SharkeyRecipe.COPULA, seed);
    }

    public SharkeySource(int dim, int features, double probabilityDecay, double meanActive, SharkeyRecipe recipe,
                         long seed) {
        if (dim < 1 || features < 1) {
            throw new IllegalArgumentException("sharkey source needs dim >= 1 and features >= 1, got " + dim
                    + " and " + features);
        }
        this.dim = dim;
        this.features = features;
        this.codes = switch (recipe) {
            // The copula generator reads only its own settings and the magnitude: the feature
            // probability and importances of a DataConfig do not apply to it.
            case COPULA -> FeatureSampler.of(features, new DataConfig(1.0, Collections.nCopies(features, 1.0),
                    Magnitude.UNIFORM, 0, 0, new DataGenerator.Sharkey(probabilityDecay, meanActive)), seed);
            case STUDY -> new StudySharkeySampler(features, probabilityDecay, meanActive, seed);
        };
        this.dictionary = GroundTruth.normalized(features, dim,
                RandomMatrix.gaussian(seed, DICTIONARY_DOMAIN, features, dim, 1), "sharkey dictionary");
    }

    @Override
    public int dim() {
        return dim;
    }

    public int features() {
        return features;
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.of(dictionary);
    }

    /** The true codes c of samples 0..batch-1 of {@code step}, row-major [batch, features]. */
    public void fillCodes(long step, int batch, float[] target, int offset) {
        codes.fill(step, batch, target, offset);
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        if (scratch.length < batch * features) {
            scratch = new float[batch * features];
        }
        codes.fill(step, batch, scratch, 0);
        SparseProduct.multiply(scratch, batch, features, dictionary.directions(), dim, target, offset);
    }
}
