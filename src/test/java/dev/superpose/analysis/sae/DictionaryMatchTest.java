package dev.superpose.analysis.sae;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DictionaryMatchTest {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    /** The axes e1, e2. */
    private static final float[] AXES = {1, 0, 0, 1};
    /** Latent 0 along (1, 1), latent 1 along −e2 (length 2), latent 2 along e1 (length 3). */
    private static final float[] DECODER = {1, 1, 0, -2, 3, 0};

    @Test
    void cosinesAreSignedAndIgnoreLength() {
        DictionaryMatch m = DictionaryMatch.of(DECODER, AXES, 2);
        assertEquals(2, m.features());
        assertEquals(3, m.latents());
        assertEquals(SQRT_HALF, m.cosine(0, 0), 1e-12);
        assertEquals(-1, m.cosine(1, 1), 1e-12);
        assertEquals(1, m.cosine(0, 2), 1e-12);
        assertEquals(0, DictionaryMatch.of(new float[]{0, 0}, AXES, 2).cosine(0, 0), "a zero row matches nothing");
    }

    @Test
    void mmcsAveragesEachFeaturesBestLatent() {
        // e1: best is latent 2 (1); e2: best is latent 0 (√½), not latent 1 (−1)
        assertEquals((1 + SQRT_HALF) / 2, DictionaryMatch.of(DECODER, AXES, 2).mmcs(), 1e-12);
    }

    @Test
    void mmcsLatentsAveragesEachAliveLatentsBestFeature() {
        DictionaryMatch m = DictionaryMatch.of(DECODER, AXES, 2);
        // latent 0: √½; latent 1: max(0, −1) = 0; latent 2: 1
        assertEquals((SQRT_HALF + 0 + 1) / 3, m.mmcsLatents(new boolean[]{true, true, true}), 1e-12);
        assertEquals((SQRT_HALF + 1) / 2, m.mmcsLatents(new boolean[]{true, false, true}), 1e-12);
        assertEquals(Double.NaN, m.mmcsLatents(new boolean[3]));
        assertEquals(0, m.bestFeature(0), "latent 0 ties at √½ and takes the lower index");
        assertEquals(0, m.bestFeature(2));
        assertEquals(0, m.bestFeature(1), "−e2: cosine 0 to e1 beats −1 to e2");
        assertEquals(0, m.bestCosine(1), 1e-12);
    }

    @Test
    void recoveredUsesAMaximumMatchingWhereGreedyFails() {
        // features A at 0° and B at 20°; latent 0 at 8° (cos 0.990 to A, 0.978 to B), latent 1 at −15°
        // (cos 0.966 to A, 0.819 to B). Greedy on the highest cosine gives latent 0 to A and leaves B
        // with nothing above 0.9; the maximum matching pairs A with latent 1 and B with latent 0.
        float[] features = {1, 0, cos(20), sin(20)};
        float[] decoder = {cos(8), sin(8), cos(-15), sin(-15)};
        DictionaryMatch m = DictionaryMatch.of(decoder, features, 2);
        assertEquals(Math.cos(Math.toRadians(8)), m.cosine(0, 0), 1e-6);
        assertEquals(2, m.recovered());
        assertEquals(1, m.recovered(0.97), "above 0.97 only latent 0 qualifies, for either feature");
        assertEquals(0, m.recovered(0.999));
    }

    @Test
    void oneLatentNeverRecoversTwoFeatures() {
        float[] features = {1, 0, cos(10), sin(10)};
        assertEquals(1, DictionaryMatch.of(new float[]{cos(5), sin(5)}, features, 2).recovered());
    }

    @Test
    void recoveredMatchesBruteForceOnRandomDictionaries() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int features = 1 + random.nextInt(5);
            int latents = 1 + random.nextInt(5);
            float[] truth = randomRows(random, features, 3);
            float[] decoder = randomRows(random, latents, 3);
            DictionaryMatch m = DictionaryMatch.of(decoder, truth, 3);
            double threshold = 0.3;
            assertEquals(bruteForce(m, 0, new boolean[latents], threshold), m.recovered(threshold), "trial " + trial);
        }
    }

    @Test
    void rejectsMismatchedDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DictionaryMatch.of(new float[]{1, 0, 0}, AXES, 2));
        assertEquals("decoder and true features must be non-empty rows of dimension 2, got 3 and 4 values",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DictionaryMatch.of(DECODER, new float[]{0, 0}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> DictionaryMatch.of(DECODER, AXES, 2).mmcsLatents(new boolean[2]));
    }

    /** The largest matching, by trying every latent (or none) for each feature in turn. */
    private static int bruteForce(DictionaryMatch m, int feature, boolean[] used, double threshold) {
        if (feature == m.features()) {
            return 0;
        }
        int best = bruteForce(m, feature + 1, used, threshold);
        for (int l = 0; l < m.latents(); l++) {
            if (!used[l] && m.cosine(feature, l) > threshold) {
                used[l] = true;
                best = Math.max(best, 1 + bruteForce(m, feature + 1, used, threshold));
                used[l] = false;
            }
        }
        return best;
    }

    private static float[] randomRows(Random random, int rows, int dim) {
        float[] values = new float[rows * dim];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float cos(double degrees) {
        return (float) Math.cos(Math.toRadians(degrees));
    }

    private static float sin(double degrees) {
        return (float) Math.sin(Math.toRadians(degrees));
    }
}
