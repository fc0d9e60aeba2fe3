package dev.superpose.analysis.sae;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CKA, Procrustes and RSA against hand-computed cases. */
class RepresentationSimilarityTest {
    private static final double[][] LINE_X = {{1}, {0}, {-1}};
    private static final double[][] LINE_Y = {{1}, {-1}, {0}};

    private static double[][] random(int n, int p, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int d = 0; d < p; d++) {
                row[d] = random.nextGaussian();
            }
        }
        return x;
    }

    /** X rotated by 30° in its first two columns and scaled by 3. */
    private static double[][] rotatedAndScaled(double[][] x) {
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            y[i][0] = 3 * (c * x[i][0] - s * x[i][1]);
            y[i][1] = 3 * (s * x[i][0] + c * x[i][1]);
            for (int d = 2; d < x[i].length; d++) {
                y[i][d] = 3 * x[i][d];
            }
        }
        return y;
    }

    @Test
    void aRotatedScaledCopyIsIdenticalToAllThree() {
        double[][] x = random(12, 3, 1);
        double[][] y = rotatedAndScaled(x);
        assertEquals(1, RepresentationSimilarity.linearCka(x, y), 1e-12);
        assertEquals(0, RepresentationSimilarity.procrustes(x, y), 1e-6);
        assertEquals(1, RepresentationSimilarity.rsa(x, y), 1e-12);
    }

    @Test
    void handComputedOneDimensionalCase() {
        // centred x = (1, 0, −1), y = (1, −1, 0): CKA = (x·y)² / (‖x‖² ‖y‖²) = 1 / 4
        assertEquals(0.25, RepresentationSimilarity.linearCka(LINE_X, LINE_Y), 1e-12);
        // unit-norm x̃·ỹ = 1/2, so the nuclear norm is 1/2 and the distance √(2 − 1) = 1
        assertEquals(1, RepresentationSimilarity.procrustes(LINE_X, LINE_Y), 1e-12);
        // distances of pairs (0,1), (0,2), (1,2): points 0, 1, 3 give 1, 3, 2; points 0, 2, 3 give 2, 3, 1;
        // ranks (1, 3, 2) and (2, 3, 1): Pearson of the ranks = 1 / 2
        assertEquals(0.5, RepresentationSimilarity.rsa(new double[][]{{0}, {1}, {3}}, new double[][]{{0}, {2}, {3}}),
                1e-12);
    }

    @Test
    void theCorrespondenceIsSignificantAndARotationOfTheRowsLosesIt() {
        double[][] x = random(40, 6, 2);
        RepresentationSimilarity.Scores scores = RepresentationSimilarity.compare(x, rotatedAndScaled(x), 7);
        // no shuffle of 40 rows reaches the observed value: the smallest p-value a test of 99 shuffles gives
        assertEquals(0.01, scores.cka().pValue(), 1e-12);
        assertEquals(0.01, scores.rsa().pValue(), 1e-12);
        assertEquals(0.05, scores.procrustes().pValue(), 1e-12);
        assertTrue(scores.cka().rotationBaseline() < 0.8, "rotated rows: " + scores.cka().rotationBaseline());
        assertTrue(scores.rsa().rotationBaseline() < 0.8, "rotated rows: " + scores.rsa().rotationBaseline());
        assertTrue(scores.procrustes().rotationBaseline() > 0.5, "rotated rows: " + scores.procrustes().rotationBaseline());
        double[][] unrelated = random(40, 6, 3);
        assertTrue(RepresentationSimilarity.compare(x, unrelated, 7).cka().pValue() > 0.05);
    }

    @Test
    void aRandomRotationIsOrthogonal() {
        double[][] q = RepresentationSimilarity.randomRotation(5, new Random(4));
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double dot = 0;
                for (int k = 0; k < 5; k++) {
                    dot += q[k][i] * q[k][j];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12);
            }
        }
    }
}
