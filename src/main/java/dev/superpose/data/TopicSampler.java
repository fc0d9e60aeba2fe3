package dev.superpose.data;

import dev.superpose.config.DataGenerator;

/**
 * {@code data.kind = clustered}: a topic model. K topic profiles p_k,i ~ Beta(a, b) are drawn
 * once per trial seed; each sample draws topic weights θ ~ Dirichlet(c, …, c) and feature i is
 * present with probability Σ_k θ_k p_k,i, then takes its magnitude. With small c one topic
 * dominates a sample, so features that are likely under the same topic appear together.
 *
 * <p>Within a row, draw i decides feature i's presence (high 32 bits); topic k's Gamma draw
 * for θ runs on a stream keyed by draw 3F+k ({@link MagnitudeDraw} keeps below 3F).
 */
final class TopicSampler extends RowSampler {
    /** Separates the fixed topic profiles from the per-step draws of the same seed. */
    static final long TOPIC_DOMAIN = 0x544F5043L; // "TOPC"

    private final int topics;
    private final double concentration;
    private final MagnitudeDraw magnitude;
    /** p_k,i stored feature-major at [i * K + k]: a feature's mixture reads one contiguous run. */
    private final double[] profiles;
    /** Scratch: the current sample's topic weights θ. */
    private final double[] theta;

    TopicSampler(int features, DataGenerator.Clustered settings, MagnitudeDraw magnitude, long seed) {
        super(features, seed);
        if (settings.topics() < 1 || !(settings.betaA() > 0) || !(settings.betaB() > 0)
                || !(settings.concentration() > 0)) {
            throw new IllegalArgumentException("clustered data needs topics >= 1 and Beta parameters and"
                    + " concentration > 0, got " + settings);
        }
        this.topics = settings.topics();
        this.concentration = settings.concentration();
        this.magnitude = magnitude;
        this.profiles = new double[features * topics];
        this.theta = new double[topics];
        long structure = CounterRandom.stepKey(seed, TOPIC_DOMAIN, 0);
        for (int k = 0; k < topics; k++) {
            for (int i = 0; i < features; i++) {
                CounterStream stream = new CounterStream(CounterRandom.rowKey(structure, (long) k * features + i));
                profiles[i * topics + k] = stream.beta(settings.betaA(), settings.betaB());
            }
        }
    }

    /** p_k,i, the probability of feature i under topic k. */
    double profile(int topic, int feature) {
        return profiles[feature * topics + topic];
    }

    @Override
    void fillRow(long key, float[] target, int rowStart) {
        drawTopicWeights(key, theta);
        for (int i = 0; i < features; i++) {
            double q = 0;
            for (int k = 0; k < topics; k++) {
                q += theta[k] * profiles[i * topics + k];
            }
            boolean present = CounterRandom.high32(CounterRandom.bits(key, i)) < CounterRandom.threshold(q);
            target[rowStart + i] = present ? magnitude.value(key, i) : 0f;
        }
    }

    /** θ ~ Dirichlet(c): normalised Gamma(c) draws, normalised in logs (see {@link CounterStream#logGamma}). */
    private void drawTopicWeights(long key, double[] theta) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < topics; k++) {
            theta[k] = new CounterStream(CounterRandom.bits(key, 3L * features + k)).logGamma(concentration);
            max = Math.max(max, theta[k]);
        }
        double sum = 0;
        for (int k = 0; k < topics; k++) {
            theta[k] = Math.exp(theta[k] - max);
            sum += theta[k];
        }
        for (int k = 0; k < topics; k++) {
            theta[k] /= sum;
        }
    }
}
