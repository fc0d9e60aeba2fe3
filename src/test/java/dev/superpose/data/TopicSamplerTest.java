package dev.superpose.data;

import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * data.kind = clustered. Samples are i.i.d., so a feature's presence count is binomial with
 * probability E[Σ θ_k p_k,i] = mean_k p_k,i (E[θ_k] = 1/K), and a pair's joint count is binomial
 * with E[q_i q_j] = Σ_k,l p_k,i p_l,j E[θ_k θ_l], E[θ_k θ_l] = (c² + c·[k = l]) / (Kc (Kc + 1)).
 */
class TopicSamplerTest {
    private static final int FEATURES = 20;
    private static final int TOPICS = 4;
    private static final double CONCENTRATION = 0.3;
    private static final int STEPS = 10;
    private static final int BATCH = 2000;

    private static TopicSampler sampler(long seed) {
        return (TopicSampler) FeatureSampler.of(FEATURES, Samples.data(FEATURES, 0.1, Magnitude.UNIFORM,
                new DataGenerator.Clustered(TOPICS, 0.5, 5, CONCENTRATION)), seed);
    }

    private static double expectedPresence(TopicSampler s, int i) {
        double sum = 0;
        for (int k = 0; k < TOPICS; k++) {
            sum += s.profile(k, i);
        }
        return sum / TOPICS;
    }

    private static double expectedJoint(TopicSampler s, int i, int j) {
        double kc = TOPICS * CONCENTRATION;
        double joint = 0;
        for (int k = 0; k < TOPICS; k++) {
            for (int l = 0; l < TOPICS; l++) {
                double moment = (CONCENTRATION * CONCENTRATION + (k == l ? CONCENTRATION : 0)) / (kc * (kc + 1));
                joint += s.profile(k, i) * s.profile(l, j) * moment;
            }
        }
        return joint;
    }

    @Test
    void presenceFrequencyOfEveryFeatureMatchesTheMeanOfItsTopicProbabilities() {
        TopicSampler s = sampler(3);
        float[] x = Samples.draw(s, STEPS, BATCH);
        for (int i = 0; i < FEATURES; i++) {
            Samples.assertBinomial(expectedPresence(s, i), Samples.presentCount(x, FEATURES, i), STEPS * BATCH,
                    "feature " + i);
        }
    }

    @Test
    void featuresOfOneTopicCoOccurAsTheMixtureImplies() {
        TopicSampler s = sampler(3);
        // the pair whose analytic co-occurrence most exceeds independence
        int bestI = 0;
        int bestJ = 1;
        for (int i = 0; i < FEATURES; i++) {
            for (int j = i + 1; j < FEATURES; j++) {
                if (excess(s, i, j) > excess(s, bestI, bestJ)) {
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        int n = STEPS * BATCH;
        double joint = expectedJoint(s, bestI, bestJ);
        double independent = expectedPresence(s, bestI) * expectedPresence(s, bestJ);
        assertTrue(joint - independent > 8 * Math.sqrt(joint * (1 - joint) / n),
                "the test needs a pair whose correlation is clearly detectable");
        float[] x = Samples.draw(s, STEPS, BATCH);
        long both = 0;
        for (int r = 0; r < n; r++) {
            both += x[r * FEATURES + bestI] != 0 && x[r * FEATURES + bestJ] != 0 ? 1 : 0;
        }
        Samples.assertBinomial(joint, both, n, "joint presence of features " + bestI + " and " + bestJ);
        assertTrue(both > independent * n + 4 * Math.sqrt(n * joint * (1 - joint)), "co-occurrence above independence");
    }

    private static double excess(TopicSampler s, int i, int j) {
        return expectedJoint(s, i, j) - expectedPresence(s, i) * expectedPresence(s, j);
    }

    @Test
    void topicProfilesAreBetaDistributedAndFixedPerSeed() {
        // Beta(0.5, 5): mean 1/11, variance ab/((a+b)²(a+b+1)) = 2.5/(30.25·6.5)
        TopicSampler s = sampler(11);
        double mean = 0;
        for (int k = 0; k < TOPICS; k++) {
            for (int i = 0; i < FEATURES; i++) {
                assertTrue(s.profile(k, i) > 0 && s.profile(k, i) < 1);
                mean += s.profile(k, i) / (TOPICS * FEATURES);
            }
        }
        double variance = 2.5 / (30.25 * 6.5);
        assertEquals(1.0 / 11, mean, 4 * Math.sqrt(variance / (TOPICS * FEATURES)));
        assertEquals(s.profile(2, 7), sampler(11).profile(2, 7));
        assertTrue(s.profile(2, 7) != sampler(12).profile(2, 7));
    }
}
