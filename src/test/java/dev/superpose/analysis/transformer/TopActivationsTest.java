package dev.superpose.analysis.transformer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Top activations per latent and the single-token share, on a hand-made code matrix. */
class TopActivationsTest {
    /** 5 rows (tokens 7, 8, 7, 9, 7) by 3 latents. */
    private static final float[] CODES = {
            0.5f, 1, 0,
            0, 2, 0,
            3, 0.5f, 0,
            0, 4, 1,
            1, 0, 0,
    };
    private static final int[] TOKENS = {7, 8, 7, 9, 7};

    @Test
    void eachLatentKeepsItsStrongestRowsInOrderAndCountsWhereItFires() {
        List<TopActivations.Latent> latents = TopActivations.of(CODES, 5, 3, TOKENS, 2);

        TopActivations.Latent first = latents.get(0);
        assertArrayEquals(new int[]{2, 4}, first.rows());
        assertArrayEquals(new float[]{3, 1}, first.activations());
        assertEquals(3, first.fires());
        assertEquals(7, first.topToken());
        assertTrue(first.singleToken());

        TopActivations.Latent second = latents.get(1);
        assertArrayEquals(new int[]{3, 1}, second.rows());
        assertEquals(4, second.fires());
        assertEquals(9, second.topToken()); // a tie: the strongest row's token
        assertEquals(1, second.topTokenCount());
        assertFalse(second.singleToken());

        TopActivations.Latent third = latents.get(2);
        assertArrayEquals(new int[]{3}, third.rows());
        assertFalse(third.singleToken()); // one firing token says nothing
    }

    @Test
    void theShareCountsOnlyLatentsThatFireTwice() {
        // latent 0 single (7, 7), latent 1 not, latent 2 fires once: 1 of 2
        assertEquals(0.5, TopActivations.singleTokenShare(TopActivations.of(CODES, 5, 3, TOKENS, 2)), 1e-15);
        // with k = 5, latent 0's top rows are 2, 4, 0: all token 7
        assertEquals(0.5, TopActivations.singleTokenShare(TopActivations.of(CODES, 5, 3, TOKENS, 5)), 1e-15);
        assertTrue(Double.isNaN(TopActivations.singleTokenShare(TopActivations.of(new float[3], 1, 3, new int[1], 2))));
    }

    @Test
    void equalActivationsKeepTheEarlierRowFirst() {
        float[] codes = {1, 1, 1, 2};
        assertArrayEquals(new int[]{3, 0, 1}, TopActivations.of(codes, 4, 1, new int[4], 3).get(0).rows());
    }
}
