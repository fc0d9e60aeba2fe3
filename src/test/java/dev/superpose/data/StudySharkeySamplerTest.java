package dev.superpose.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's sharkey.py presence model, against the properties its formulas fix exactly. */
class StudySharkeySamplerTest {
    private static final int FEATURES = 64;
    private static final int ROWS = 20_000;

    private static float[] draw(double meanActive, long seed) {
        float[] codes = new float[ROWS * FEATURES];
        new StudySharkeySampler(FEATURES, 0.99, meanActive, seed).fill(0, ROWS, codes, 0);
        return codes;
    }

    @Test
    void theNormalCdfMatchesTabulatedValues() {
        assertEquals(0.5, StudySharkeySampler.standardNormalCdf(0), 1e-15);
        assertEquals(0.975, StudySharkeySampler.standardNormalCdf(1.959963984540054), 1e-12);
        assertEquals(0.022750131948179, StudySharkeySampler.standardNormalCdf(-2), 1e-12);
    }

    @Test
    void eachSampleIsRescaledToTheMeanNumberActive() {
        // p is rescaled per sample so that Σ p_i = mean-active; with G = 64 about half the Φ(z_i) are near 1,
        // so no p_i reaches the clamp at 1 and E[#active] = 2 exactly
        float[] codes = draw(2, 3);
        int active = 0;
        int first = 0;
        double magnitude = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < FEATURES; i++) {
                float c = codes[r * FEATURES + i];
                assertTrue(c >= 0 && c < 1, "magnitudes are U[0, 1): " + c);
                if (c > 0) {
                    active++;
                    magnitude += c;
                    first += i == 0 ? 1 : 0;
                }
            }
        }
        double mean = (double) active / ROWS;
        // #active is a sum of independent Bernoullis with Σ p = 2: variance < 2, so the sem < 0.01
        assertEquals(2, mean, 0.04);
        assertEquals(0.5, magnitude / active, 0.01);
        // p_0 = Φ^0 = 1 before the rescaling: feature 0 is the most frequent one
        assertTrue(first > ROWS * 2.0 / FEATURES, first + " samples with feature 0");
    }

    @Test
    void theSameSeedDrawsTheSameCodes() {
        assertArrayEquals(draw(2, 5), draw(2, 5));
    }
}
