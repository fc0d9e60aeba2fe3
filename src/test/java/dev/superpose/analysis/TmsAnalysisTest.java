package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TmsAnalysisTest {
    /** float32 weights carry ~1e-7 relative error into the double-precision metrics. */
    private static final double TOL = 1e-6;

    /** Builds W [hidden, features] from its columns, i.e. from the feature embeddings W_i. */
    private static TmsWeights fromColumns(float[]... columns) {
        int hidden = columns[0].length;
        int features = columns.length;
        float[] w = new float[hidden * features];
        float[] bias = new float[features];
        for (int i = 0; i < features; i++) {
            for (int h = 0; h < hidden; h++) {
                w[h * features + i] = columns[i][h];
            }
            bias[i] = -0.1f * i;
        }
        return new TmsWeights(hidden, features, w, bias);
    }

    private static double[] ones(int n) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, 1.0);
        return values;
    }

    @Test
    void orthogonalUnitFeaturesDoNotInterfereAndTakeOneDimensionEach() {
        TmsWeights w = fromColumns(new float[]{1, 0, 0}, new float[]{0, 1, 0}, new float[]{0, 0, 1});
        TmsSummary summary = TmsAnalysis.summarize(w, new double[]{1, 0.7, 0.49}, 0.05);

        assertEquals(3, summary.nRepresented());
        assertEquals(1.0, summary.dimsPerFeature(), TOL); // 3 dims / ||W||_F² = 3
        for (FeatureStats f : summary.features()) {
            assertEquals(1.0, f.norm(), TOL);
            assertEquals(0.0, f.interference(), TOL);
            assertEquals(1.0, f.dimensionality(), TOL);
            assertEquals(FeatureGeometry.DEDICATED_DIMENSION, f.geometry());
            assertEquals(0.05, f.probability());
        }
        FeatureStats third = summary.features().get(2);
        assertEquals(2, third.feature());
        assertEquals(0.49, third.importance());
        assertEquals(-0.2f, third.bias(), 0.0);
    }

    @Test
    void antipodalPairShareOneDimension() {
        TmsWeights w = fromColumns(new float[]{1}, new float[]{-1});
        TmsSummary summary = TmsAnalysis.summarize(w, ones(2), 0.1);

        assertEquals(2, summary.nRepresented());
        assertEquals(0.5, summary.dimsPerFeature(), TOL);
        for (FeatureStats f : summary.features()) {
            assertEquals(1.0, f.interference(), TOL); // the partner projects fully (-1)² onto it
            assertEquals(0.5, f.dimensionality(), TOL);
        }
    }

    @Test
    void regularPentagonGivesTwoFifthsOfADimensionPerFeature() {
        float[][] columns = new float[5][];
        for (int k = 0; k < 5; k++) {
            double angle = 2 * Math.PI * k / 5;
            columns[k] = new float[]{(float) Math.cos(angle), (float) Math.sin(angle)};
        }
        TmsSummary summary = TmsAnalysis.summarize(fromColumns(columns), ones(5), 0.01);

        assertEquals(5, summary.nRepresented());
        assertEquals(2.0 / 5, summary.dimsPerFeature(), TOL);
        for (FeatureStats f : summary.features()) {
            // Σ_j cos²(2πk/5) over the five vertices is 5/2, of which 1 is the feature itself.
            assertEquals(1.5, f.interference(), TOL);
            assertEquals(2.0 / 5, f.dimensionality(), TOL);
        }
    }

    @Test
    void zeroFeatureHasNoInterferenceNoDimensionAndDoesNotDisturbOthers() {
        TmsWeights w = fromColumns(new float[]{0, 0}, new float[]{3, 4});
        TmsSummary summary = TmsAnalysis.summarize(w, ones(2), 0.5);

        FeatureStats zero = summary.features().get(0);
        assertEquals(0.0, zero.norm());
        assertEquals(0.0, zero.interference());
        assertEquals(0.0, zero.dimensionality());
        FeatureStats other = summary.features().get(1);
        assertEquals(5.0, other.norm(), TOL);
        assertEquals(0.0, other.interference(), TOL);
        assertEquals(1.0, other.dimensionality(), TOL);
        assertEquals(2.0 / 25, summary.dimsPerFeature(), TOL);
    }

    @Test
    void allZeroWeightsHaveUnboundedDimsPerFeature() {
        TmsWeights w = new TmsWeights(2, 3, new float[6], new float[3]);
        TmsSummary summary = TmsAnalysis.summarize(w, ones(3), 0.5);

        assertEquals(0, summary.nRepresented());
        assertEquals(Double.POSITIVE_INFINITY, summary.dimsPerFeature());
    }

    @Test
    void nonOrthogonalPairMatchesHandComputedProjections() {
        // W_0 = (1, 0), W_1 = (1, 1): Ŵ_0·W_1 = 1, Ŵ_1·W_0 = 1/√2.
        TmsWeights w = fromColumns(new float[]{1, 0}, new float[]{1, 1});
        TmsSummary summary = TmsAnalysis.summarize(w, ones(2), 0.5);

        FeatureStats first = summary.features().get(0);
        assertEquals(1.0, first.interference(), TOL);
        assertEquals(1.0 / (1 + 1), first.dimensionality(), TOL);
        FeatureStats second = summary.features().get(1);
        assertEquals(0.5, second.interference(), TOL);
        assertEquals(2.0 / (2 + 0.5), second.dimensionality(), TOL);
        assertEquals(2.0 / 3, summary.dimsPerFeature(), TOL);
    }

    @Test
    void countsOnlyFeaturesLongerThanHalf() {
        TmsWeights w = fromColumns(new float[]{0.49f, 0}, new float[]{0, 0.51f}, new float[]{0.3f, 0.39f},
                new float[]{0.6f, 0.8f});
        // Norms 0.49, 0.51, 0.492, 1.0.
        assertEquals(2, TmsAnalysis.summarize(w, ones(4), 0.5).nRepresented());
    }

    @Test
    void rejectsImportanceOfTheWrongLength() {
        TmsWeights w = new TmsWeights(2, 3, new float[6], new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TmsAnalysis.summarize(w, ones(2), 0.5));
        assertEquals("importance must have one value per feature (3), got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TmsAnalysis.summarize(w, ones(3), 1.5));
    }
}
