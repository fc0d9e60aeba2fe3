package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FeatureGeometryTest {
    /** Builds W [hidden, features] from the feature embeddings W_i (its columns). */
    private static TmsWeights fromColumns(double[]... columns) {
        int hidden = columns[0].length;
        float[] w = new float[hidden * columns.length];
        for (int i = 0; i < columns.length; i++) {
            for (int h = 0; h < hidden; h++) {
                w[h * columns.length + i] = (float) columns[i][h];
            }
        }
        return new TmsWeights(hidden, columns.length, w, new float[columns.length]);
    }

    /** k unit vectors evenly spaced around the circle: the regular k-gon in 2 dimensions. */
    private static TmsWeights regularPolygon(int k) {
        double[][] columns = new double[k][];
        for (int j = 0; j < k; j++) {
            double angle = 2 * Math.PI * j / k;
            columns[j] = new double[]{Math.cos(angle), Math.sin(angle)};
        }
        return fromColumns(columns);
    }

    private static List<FeatureGeometry> geometries(TmsWeights w) {
        double[] importance = new double[w.features()];
        Arrays.fill(importance, 1);
        return TmsAnalysis.summarize(w, importance, 0.1).features().stream().map(FeatureStats::geometry).toList();
    }

    @Test
    void regularPentagonIsTwoFifthsForEveryFeature() {
        assertEquals(List.of(FeatureGeometry.PENTAGON, FeatureGeometry.PENTAGON, FeatureGeometry.PENTAGON,
                FeatureGeometry.PENTAGON, FeatureGeometry.PENTAGON), geometries(regularPolygon(5)));
    }

    @Test
    void triangleInThePlaneIsTwoThirds() {
        // Pairwise cosines -1/2: D = 1 / (1 + 1/4 + 1/4) = 2/3.
        assertEquals(List.of(FeatureGeometry.TRIANGLE, FeatureGeometry.TRIANGLE, FeatureGeometry.TRIANGLE),
                geometries(regularPolygon(3)));
    }

    @Test
    void antipodalPairIsOneHalf() {
        assertEquals(List.of(FeatureGeometry.ANTIPODAL_PAIR, FeatureGeometry.ANTIPODAL_PAIR),
                geometries(fromColumns(new double[]{0.9, 0}, new double[]{-0.9, 0})));
    }

    @Test
    void orthogonalFeaturesHaveADedicatedDimension() {
        assertEquals(List.of(FeatureGeometry.DEDICATED_DIMENSION, FeatureGeometry.DEDICATED_DIMENSION),
                geometries(fromColumns(new double[]{1, 0}, new double[]{0, 0.7})));
    }

    @Test
    void tetrahedronInThreeDimensionsIsThreeQuarters() {
        // Vertices of a regular tetrahedron: pairwise cosines -1/3, D = 1 / (1 + 3/9) = 3/4.
        double s = 1 / Math.sqrt(3);
        assertEquals(List.of(FeatureGeometry.TETRAHEDRON, FeatureGeometry.TETRAHEDRON, FeatureGeometry.TETRAHEDRON,
                        FeatureGeometry.TETRAHEDRON),
                geometries(fromColumns(new double[]{s, s, s}, new double[]{s, -s, -s}, new double[]{-s, s, -s},
                        new double[]{-s, -s, s})));
    }

    @Test
    void zeroAndShortFeaturesAreNotRepresentedWhateverTheirDimensionality() {
        // The second feature is alone in its direction (D = 1) but only 0.5 long: at the threshold, not above it.
        assertEquals(List.of(FeatureGeometry.NOT_REPRESENTED, FeatureGeometry.NOT_REPRESENTED,
                        FeatureGeometry.DEDICATED_DIMENSION),
                geometries(fromColumns(new double[]{0, 0}, new double[]{0.5, 0}, new double[]{0, 1})));
    }

    @Test
    void dimensionalityGoesToTheNearestFraction() {
        assertEquals(FeatureGeometry.SQUARE_ANTIPRISM, FeatureGeometry.classify(1, 0.36, 3)); // 0.015 from 3/8, 0.027 from 1/3
        assertEquals(FeatureGeometry.ONE_THIRD, FeatureGeometry.classify(1, 0.3, 3));
        assertEquals(FeatureGeometry.ONE_THIRD, FeatureGeometry.classify(1, 0.05, 3)); // represented, yet barely a dimension
        assertEquals(FeatureGeometry.TETRAHEDRON, FeatureGeometry.classify(1, 0.8, 3)); // 0.05 from 3/4, 0.2 from 1
        assertEquals(FeatureGeometry.DEDICATED_DIMENSION, FeatureGeometry.classify(1, 0.9, 3));
        assertEquals(FeatureGeometry.NOT_REPRESENTED, FeatureGeometry.classify(Double.NaN, 1, 3));
    }

    @Test
    void aTwoDimensionalModelGetsNoThreeDimensionalLabel() {
        // D = 0.375 is exactly 3/8, the square antiprism, which needs 3 dimensions: in a plane the
        // nearest arrangement that exists is the pentagon (0.025 away; 1/3 is 0.042 away)
        assertEquals(FeatureGeometry.PENTAGON, FeatureGeometry.classify(1, 0.375, 2));
        assertEquals(FeatureGeometry.SQUARE_ANTIPRISM, FeatureGeometry.classify(1, 0.375, 3));
        assertEquals(FeatureGeometry.TRIANGLE, FeatureGeometry.classify(1, 0.75, 2)); // 3/4: no tetrahedron in a plane
        assertEquals(FeatureGeometry.ANTIPODAL_PAIR, FeatureGeometry.classify(1, 0.6, 1)); // no triangle on a line
    }

    @Test
    void fractionsAreWrittenAsTextAndCountColumns() {
        assertEquals("2/5", FeatureGeometry.PENTAGON.text());
        assertEquals("1", FeatureGeometry.DEDICATED_DIMENSION.text());
        assertEquals("0", FeatureGeometry.NOT_REPRESENTED.text());
        assertEquals("geometry_3_8", FeatureGeometry.SQUARE_ANTIPRISM.countColumn());
        assertEquals("geometry_1", FeatureGeometry.DEDICATED_DIMENSION.countColumn());
        assertEquals(0.375, FeatureGeometry.SQUARE_ANTIPRISM.fraction());
    }

    @Test
    void summaryCountsEveryGeometryIncludingAbsentOnes() {
        // An antipodal pair on the first axis, a dedicated feature on the second, one unlearned feature.
        TmsWeights w = fromColumns(new double[]{1, 0}, new double[]{-1, 0}, new double[]{0, 1}, new double[]{0, 0});
        Map<FeatureGeometry, Integer> counts = TmsAnalysis.summarize(w, new double[]{1, 1, 1, 1}, 0.1)
                .geometryCounts();

        assertEquals(FeatureGeometry.values().length, counts.size());
        assertEquals(2, counts.get(FeatureGeometry.ANTIPODAL_PAIR));
        assertEquals(1, counts.get(FeatureGeometry.DEDICATED_DIMENSION));
        assertEquals(1, counts.get(FeatureGeometry.NOT_REPRESENTED));
        assertEquals(0, counts.get(FeatureGeometry.PENTAGON));
    }
}
