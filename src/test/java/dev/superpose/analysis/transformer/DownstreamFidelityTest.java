package dev.superpose.analysis.transformer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fraction of the ablation's cosine distance recovered, on hand-computed cases. */
class DownstreamFidelityTest {
    private static final float[] CLEAN = {1, 0, 0, 2};
    private static final float[] ABLATED = {0, 1, 0, -2};

    @Test
    void aSpliceThatChangesNothingRecoversEverything() {
        DownstreamFidelity f = DownstreamFidelity.of(CLEAN, CLEAN.clone(), ABLATED, 2, 2);
        assertEquals(0, f.splicedDistance(), 1e-15);
        assertEquals(1.0, f.recovered(), 1e-15);
    }

    @Test
    void aSpliceAsHarmfulAsTheAblationRecoversNothing() {
        assertEquals(0.0, DownstreamFidelity.of(CLEAN, ABLATED.clone(), ABLATED, 2, 2).recovered(), 1e-15);
    }

    @Test
    void distancesAreMeansOfOneMinusCosineOverRows() {
        // row 0: (1,1) against (1,0): cos = 1/sqrt2; row 1: (0,4) against (0,2): cos = 1
        float[] spliced = {1, 1, 0, 4};
        DownstreamFidelity f = DownstreamFidelity.of(CLEAN, spliced, ABLATED, 2, 2);
        double spliceDistance = (1 - 1 / Math.sqrt(2)) / 2;
        // ablated: row 0 orthogonal (distance 1), row 1 opposite (distance 2)
        assertEquals(spliceDistance, f.splicedDistance(), 1e-12);
        assertEquals(1.5, f.ablatedDistance(), 1e-12);
        assertEquals(1 - spliceDistance / 1.5, f.recovered(), 1e-12);
    }

    @Test
    void aSpliceWorseThanTheAblationRecoversBelowZeroAndAZeroRowIsDistanceOne() {
        float[] zero = {0, 0, 0, 0};
        float[] opposite = {-1, 0, 0, -2};
        DownstreamFidelity f = DownstreamFidelity.of(CLEAN, opposite, zero, 2, 2);
        assertEquals(1.0, f.ablatedDistance(), 1e-15);
        assertEquals(2.0, f.splicedDistance(), 1e-15);
        assertEquals(-1.0, f.recovered(), 1e-15);
    }

    @Test
    void nothingToRecoverIsNaNAndMismatchedShapesAreRefused() {
        assertTrue(Double.isNaN(DownstreamFidelity.of(CLEAN, ABLATED, CLEAN, 2, 2).recovered()));
        assertThrows(IllegalArgumentException.class, () -> DownstreamFidelity.of(CLEAN, new float[2], ABLATED, 2, 2));
    }
}
