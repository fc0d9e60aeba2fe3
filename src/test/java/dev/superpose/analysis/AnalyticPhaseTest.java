package dev.superpose.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyticPhaseTest {
    private static PhaseRegime regime(PhaseDiagram diagram, double r, double p) {
        return AnalyticPhase.optimum(diagram, r, p).regime();
    }

    @Test
    void twoInOneMatchesThePapersLimits() {
        // A much more important extra feature takes the dimension unless features are very sparse.
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, regime(PhaseDiagram.TWO_IN_ONE, 10, 1));
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, regime(PhaseDiagram.TWO_IN_ONE, 10, 0.5));
        // Dense and less important: dropped.
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, regime(PhaseDiagram.TWO_IN_ONE, 0.3, 1));
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, regime(PhaseDiagram.TWO_IN_ONE, 0.1, 0.5));
        // Sparse: superposition, whatever the importance.
        for (double r : new double[]{0.1, 1, 10}) {
            assertEquals(PhaseRegime.EXTRA_ANTIPODAL, regime(PhaseDiagram.TWO_IN_ONE, r, 0.01), "r = " + r);
        }
    }

    @Test
    void twoInOneCandidatesCostWhatTheExactModelsSay() {
        double p = 0.2;
        double r = 2;
        PhaseOptimum optimum = AnalyticPhase.optimum(PhaseDiagram.TWO_IN_ONE, r, p);
        double variance = p / 3 - p * p / 4;
        assertEquals(r * variance, optimum.candidates().get(0).expectedLoss(), 1e-12);
        assertEquals(variance, optimum.candidates().get(1).expectedLoss(), 1e-12);
        // Optimising the pair's lengths and biases can only improve on the paper's W = [1, -1], b = 0.
        double antipodal = optimum.candidates().get(2).expectedLoss();
        assertTrue(antipodal <= (1 + r) * p * p / 6, antipodal + " vs " + (1 + r) * p * p / 6);
        assertTrue(antipodal > 0.9 * (1 + r) * p * p / 6, "but not by much at this density: " + antipodal);
        assertSame(optimum.candidates().get(2), optimum.best());
    }

    @Test
    void optimisedPairIsAntipodalWithUnitLengthsWhenSparseAndBalanced() {
        PhaseCandidate pair = AnalyticPhase.optimum(PhaseDiagram.TWO_IN_ONE, 1, 0.01).candidates().get(2);
        float a = pair.weights().w(0, 0);
        float c = pair.weights().w(0, 1);
        assertEquals(1, a, 0.01);
        assertEquals(-1, c, 0.01);
    }

    @Test
    void candidatesExpectedLossAgreesWithMonteCarlo() {
        double p = 0.3;
        double r = 4;
        PhaseCandidate pair = AnalyticPhase.optimum(PhaseDiagram.TWO_IN_ONE, r, p).candidates().get(2);
        MonteCarloLoss mc = MonteCarloLoss.estimate(pair.weights(), new double[]{1, r}, p, 1_000_000, 11);
        assertTrue(Math.abs(pair.expectedLoss() - mc.mean()) < 4 * mc.standardError(),
                "exact " + pair.expectedLoss() + ", Monte Carlo " + mc.mean() + " ± " + mc.standardError());
    }

    @Test
    void threeInTwoMatchesThePapersLimits() {
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, regime(PhaseDiagram.THREE_IN_TWO, 0.3, 1));
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, regime(PhaseDiagram.THREE_IN_TWO, 10, 1));
        // Sparse: an unimportant extra feature shares a dimension; an important one gets its own and the others pair up.
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, regime(PhaseDiagram.THREE_IN_TWO, 0.3, 0.01));
        assertEquals(PhaseRegime.OTHERS_ANTIPODAL, regime(PhaseDiagram.THREE_IN_TWO, 3, 0.01));
    }

    @Test
    void threeInTwoAntipodalCandidateIsThePairPlusADedicatedFeature() {
        double p = 0.05;
        double r = 0.5;
        PhaseOptimum three = AnalyticPhase.optimum(PhaseDiagram.THREE_IN_TWO, r, p);
        PhaseOptimum two = AnalyticPhase.optimum(PhaseDiagram.TWO_IN_ONE, r, p);
        assertEquals(two.candidates().get(2).expectedLoss(), three.candidates().get(2).expectedLoss(), 1e-12);
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, PhaseClassifier.classify(three.candidates().get(2).weights(), 2));
        assertEquals(PhaseRegime.OTHERS_ANTIPODAL, PhaseClassifier.classify(three.candidates().get(3).weights(), 2));
    }

    @Test
    void gridHasOneRowPerDensityAndOneColumnPerImportance() {
        double[] r = {0.1, 10};
        double[] p = {1, 0.5, 0.01};
        PhaseOptimum[][] grid = AnalyticPhase.grid(PhaseDiagram.TWO_IN_ONE, r, p);
        assertEquals(3, grid.length);
        assertEquals(2, grid[0].length);
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, grid[1][0].regime());
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, grid[1][1].regime());
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, grid[2][1].regime());
    }

    @Test
    void rejectsBadCells() {
        assertEquals("relative importance must be positive and finite, got 0.0", assertThrows(
                IllegalArgumentException.class, () -> AnalyticPhase.optimum(PhaseDiagram.TWO_IN_ONE, 0, 0.5))
                .getMessage());
        assertEquals("density (1 - S) must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> AnalyticPhase.optimum(PhaseDiagram.THREE_IN_TWO, 1, 0)).getMessage());
    }
}
