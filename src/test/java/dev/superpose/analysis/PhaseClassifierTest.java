package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhaseClassifierTest {
    private static PhaseRegime twoInOne(double w1, double w2) {
        return PhaseClassifier.classify(Weights.fromColumns(new double[]{w1}, new double[]{w2}), 1);
    }

    private static PhaseRegime threeInTwo(double[]... columns) {
        return PhaseClassifier.classify(Weights.fromColumns(columns), 2);
    }

    @Test
    void twoFeaturesInOneDimension() {
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, twoInOne(1, 0));
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, twoInOne(-0.9, 0.4)); // 0.4 is below the represented norm
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, twoInOne(0.1, 1.1));
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, twoInOne(1, -1));
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, twoInOne(-0.7, 1.2));
        assertEquals(PhaseRegime.UNCLASSIFIED, twoInOne(1, 0.8)); // both on one side: never a solution
        assertEquals(PhaseRegime.UNCLASSIFIED, twoInOne(0.3, -0.2)); // nothing represented
    }

    @Test
    void threeFeaturesInTwoDimensions() {
        double[] x = {1, 0};
        double[] y = {0, 1};
        double[] none = {0, 0};
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, threeInTwo(x, y, none));
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, threeInTwo(none, x, y));
        assertEquals(PhaseRegime.EXTRA_REPLACES_OTHER, threeInTwo(x, none, y));
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, threeInTwo(x, y, new double[]{0, -1}));
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, threeInTwo(x, y, new double[]{-1, 0}));
        assertEquals(PhaseRegime.OTHERS_ANTIPODAL, threeInTwo(x, new double[]{-1, 0}, y));
        double[][] triangle = Weights.polygon(3, 0.4);
        assertEquals(PhaseRegime.TRIANGLE, threeInTwo(triangle));
    }

    @Test
    void learnedWeightsNeedOnlyBeCloseToAnArrangement() {
        // An unequal pair 11° short of antipodal (cos −0.98), and a feature perpendicular to the pair's mean
        // axis, which leaves it about 0.1 in cosine off orthogonal to both.
        double angle = Math.acos(-0.98);
        double[] first = {0, 1.05};
        double[] partner = {0.8 * Math.sin(angle), 0.8 * Math.cos(angle)};
        double[] axis = {-Math.sin(angle), 1 - Math.cos(angle)}; // first's direction minus partner's
        double length = Math.hypot(axis[0], axis[1]);
        double[] dedicated = {0.98 * axis[1] / length, -0.98 * axis[0] / length};
        assertEquals(PhaseRegime.OTHERS_ANTIPODAL, threeInTwo(first, partner, dedicated));
    }

    @Test
    void arrangementsWithoutANameAreUnclassified() {
        double[] x = {1, 0};
        // Three features, two at 60° apart and one orthogonal: neither a pair nor a triangle.
        assertEquals(PhaseRegime.UNCLASSIFIED, threeInTwo(x, new double[]{0.5, Math.sqrt(0.75)},
                new double[]{0, -1}));
        // Everything dedicated (possible only with as many dimensions as features): no extra feature at all.
        assertEquals(PhaseRegime.UNCLASSIFIED, PhaseClassifier.classify(Weights.fromColumns(
                new double[]{1, 0}, new double[]{0, 1}), 1));
        // Two features dropped.
        assertEquals(PhaseRegime.UNCLASSIFIED, threeInTwo(x, new double[2], new double[2]));
    }

    @Test
    void toleranceDecidesHowCloseIsClose() {
        TmsWeights skewed = Weights.fromColumns(new double[]{1}, new double[]{-1});
        TmsWeights tilted = Weights.fromColumns(new double[]{1, 0}, new double[]{0.25, 1}, new double[]{0, 0});
        assertEquals(PhaseRegime.EXTRA_ANTIPODAL, PhaseClassifier.classify(skewed, 1, 0.01));
        assertEquals(PhaseRegime.EXTRA_NOT_LEARNED, PhaseClassifier.classify(tilted, 2, 0.25)); // cos ≈ 0.24
        assertEquals(PhaseRegime.UNCLASSIFIED, PhaseClassifier.classify(tilted, 2, 0.2));
    }

    @Test
    void rejectsABadExtraFeatureOrTolerance() {
        TmsWeights w = Weights.fromColumns(new double[]{1}, new double[]{-1});
        assertEquals("the extra feature must be one of the model's 2 features, got index 2",
                assertThrows(IllegalArgumentException.class, () -> PhaseClassifier.classify(w, 2)).getMessage());
        assertEquals("cosine tolerance must be in (0, 0.25], got 0.5",
                assertThrows(IllegalArgumentException.class, () -> PhaseClassifier.classify(w, 1, 0.5))
                        .getMessage());
    }
}
