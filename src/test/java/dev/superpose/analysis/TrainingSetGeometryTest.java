package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainingSetGeometryTest {
    private static final double TOL = 1e-6; // float weights

    private static double[][] oneHot(int n) {
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) {
            rows[i][i] = 1;
        }
        return rows;
    }

    @Test
    void oneHotPointsOfAPentagonModelSitOnThePentagonAndShareItsDimensions() {
        TmsWeights pentagon = Weights.fromColumns(Weights.polygon(5, 0));
        TrainingSetGeometry g = TrainingSetGeometry.of(pentagon, oneHot(5));

        assertEquals(5, g.datasetSize());
        assertArrayEquals(Weights.polygon(5, 0)[3], g.hiddenVectors()[3], TOL);
        assertArrayEquals(new double[]{0.4, 0.4, 0.4, 0.4, 0.4}, g.dataDimensionalities(), TOL);
        assertArrayEquals(new double[]{0.4, 0.4, 0.4, 0.4, 0.4}, g.featureDimensionalities(), TOL);
    }

    @Test
    void memorisedPointsFormAnAntipodalPairWhileTheirFeaturesAreOrthogonal() {
        // Features on the two axes, the two points mixing them in opposite proportions: h = (1, -1) and (-1, 1).
        TmsWeights w = Weights.fromColumns(new double[]{1, 0}, new double[]{0, 1});
        TrainingSetGeometry g = TrainingSetGeometry.of(w, new double[][]{{1, -1}, {-1, 1}});

        assertArrayEquals(new double[]{1, -1}, g.hiddenVectors()[0], TOL);
        assertArrayEquals(new double[]{0.5, 0.5}, g.dataDimensionalities(), TOL);
        assertArrayEquals(new double[]{1, 1}, g.featureDimensionalities(), TOL);
    }

    @Test
    void hiddenVectorsAreWTimesX() {
        TmsWeights w = Weights.fromColumns(new double[]{1, 3}, new double[]{2, 4}, new double[]{0, 0});
        double[][] h = TrainingSetGeometry.hiddenVectors(w, new double[][]{{1, 1, 5}, {0, 0.5, 0}});
        assertArrayEquals(new double[]{3, 7}, h[0], TOL);
        assertArrayEquals(new double[]{1, 2}, h[1], TOL);
    }

    @Test
    void inputsOfTheWrongWidthOrNoInputsAreRejected() {
        TmsWeights w = Weights.fromColumns(new double[]{1}, new double[]{-1});
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> TrainingSetGeometry.of(w, new double[][]{{1, 0}, {1, 0, 0}}));
        assertEquals("training point 1 must have one value per feature (2), got 3", wide.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> TrainingSetGeometry.of(w, new double[0][]));
        assertEquals("the training set must hold at least one point, got none", empty.getMessage());
    }
}
