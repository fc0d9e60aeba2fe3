package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedLossTest {
    private static final double TOL = 1e-7; // float weights and biases

    /** Var(x) for x present with probability p and then U[0, 1]: E[x²] − E[x]² = p/3 − p²/4. */
    private static double variance(double p) {
        return p / 3 - p * p / 4;
    }

    @Test
    void droppingAFeatureCostsItsVarianceTimesItsImportance() {
        for (double p : new double[]{1, 0.3, 0.01}) {
            for (double r : new double[]{0.1, 1, 7}) {
                TmsWeights w = Weights.withBias(new double[]{0, p / 2}, new double[]{1}, new double[]{0});
                assertEquals(r * variance(p), ExpectedLoss.reluOutput(w, new double[]{1, r}, p), TOL,
                        "p = " + p + ", r = " + r);
            }
        }
    }

    @Test
    void antipodalPairLosesOnlyWhenBothFeaturesArePresent() {
        // Both present (p²): out = ReLU(x1 − x2), ReLU(x2 − x1) misses min(x1, x2) on both, E[min²] = 1/6.
        for (double p : new double[]{1, 0.2}) {
            double r = 3;
            TmsWeights w = Weights.fromColumns(new double[]{1}, new double[]{-1});
            assertEquals((1 + r) * p * p / 6, ExpectedLoss.reluOutput(w, new double[]{1, r}, p), TOL);
        }
    }

    @Test
    void aZeroModelMissesEveryFeaturesSecondMoment() {
        TmsWeights zero = new TmsWeights(2, 3, new float[6], new float[3]);
        assertEquals((1 + 2 + 0.5) * 0.4 / 3, ExpectedLoss.reluOutput(zero, new double[]{1, 2, 0.5}, 0.4), TOL);
    }

    @Test
    void orthogonalBlocksAddUp() {
        // Feature 0 dedicated, features 1 and 2 a skewed pair with biases: the 3-feature loss is the pair's.
        double a = 0.9;
        double c = -1.2;
        double b1 = -0.05;
        double b2 = 0.02;
        double p = 0.15;
        TmsWeights three = Weights.withBias(new double[]{0, b1, b2}, new double[]{1, 0}, new double[]{0, a},
                new double[]{0, c});
        TmsWeights pair = Weights.withBias(new double[]{b1, b2}, new double[]{a}, new double[]{c});
        assertEquals(ExpectedLoss.reluOutput(pair, new double[]{2, 0.5}, p),
                ExpectedLoss.reluOutput(three, new double[]{1, 2, 0.5}, p), 1e-12);
    }

    @Test
    void agreesWithMonteCarloOnRandomModelsOfTwoToFourFeatures() {
        Random random = new Random(7);
        for (int features = 2; features <= 4; features++) {
            int hidden = features - 1;
            double[][] columns = new double[features][hidden];
            double[] bias = new double[features];
            double[] importance = new double[features];
            for (int i = 0; i < features; i++) {
                for (int h = 0; h < hidden; h++) {
                    columns[i][h] = random.nextGaussian();
                }
                bias[i] = 0.3 * random.nextGaussian();
                importance[i] = 0.5 + random.nextDouble();
            }
            TmsWeights w = Weights.withBias(bias, columns);
            double p = 0.45;
            MonteCarloLoss mc = MonteCarloLoss.estimate(w, importance, p, 400_000, features);
            double exact = ExpectedLoss.reluOutput(w, importance, p);
            assertTrue(Math.abs(exact - mc.mean()) < 4 * mc.standardError(), features + " features: exact " + exact
                    + ", Monte Carlo " + mc.mean() + " ± " + mc.standardError());
            assertTrue(mc.standardError() < 0.01 * exact, "the check must be tight enough to mean something");
        }
    }

    @Test
    void rejectsTooManyFeaturesMismatchedLengthsAndBadDensities() {
        TmsWeights five = new TmsWeights(1, 5, new float[5], new float[5]);
        assertEquals("exact expected loss supports 1 to 4 features, got 5", assertThrows(
                IllegalArgumentException.class, () -> ExpectedLoss.reluOutput(five, new double[5], 0.1))
                .getMessage());
        TmsWeights two = new TmsWeights(1, 2, new float[2], new float[2]);
        assertEquals("bias and importance need one value per feature (2), got 2 and 3", assertThrows(
                IllegalArgumentException.class, () -> ExpectedLoss.reluOutput(two, new double[3], 0.1))
                .getMessage());
        assertEquals("density (1 - S) must be in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> ExpectedLoss.reluOutput(two, new double[2], 1.5)).getMessage());
    }
}
