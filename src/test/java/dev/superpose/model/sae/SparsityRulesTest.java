package dev.superpose.model.sae;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sparsity rules on hand-made pre-activations (latent-major [L, B]). */
class SparsityRulesTest {

    @Test
    void kthLargestAgreesWithSortingIncludingRepeats() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(40);
            double[] values = new double[n];
            for (int k = 0; k < n; k++) {
                values[k] = random.nextInt(6) - 2; // many repeats
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            for (int k = 1; k <= n; k++) {
                assertEquals(sorted[n - k], KthLargest.of(values.clone(), n, k), "k=" + k + " of " + Arrays.toString(values));
            }
        }
    }

    @Test
    void reluKeepsPositivePreActivations() {
        // Two latents, three rows.
        double[] pre = {0.5, -1, 0, 2, 0.1, -0.2};
        assertEquals(List.of("0:0=0.5", "1:0=2.0", "1:1=0.1"), entries(new Relu(), pre, 2, 3, true, null));
    }

    @Test
    void topKKeepsEachRowsLargestPositiveValuesAndBreaksTiesByLatentIndex() {
        // Four latents, two rows: row 0 = (3, 1, 3, 2), row 1 = (2, 5, 2, -1).
        double[] pre = {3, 2, 1, 5, 3, 2, 2, -1};
        assertEquals(List.of("0:0=3.0", "0:1=2.0", "1:1=5.0", "2:0=3.0"), entries(new TopK(2), pre, 4, 2, true, null));
        // Row (−1, −2, 0.5): the top two are 0.5 and −1, and only the positive one fires.
        assertEquals(List.of("2:0=0.5"), entries(new TopK(2), new double[]{-1, -2, 0.5}, 3, 1, true, null));
    }

    @Test
    void batchTopKSharesTheBudgetOverTheBatchAndTracksTheCut() {
        // Two latents, three rows, k = 1: the three largest of the batch fire, whichever rows they are in.
        double[] pre = {4, 0.5, 3, 1, 0.2, -1};
        double[] threshold = new double[2];
        Arrays.fill(threshold, Double.NaN);
        BatchTopK rule = new BatchTopK(1, 0.9);
        assertEquals(List.of("0:0=4.0", "0:2=3.0", "1:0=1.0"), entries(rule, pre, 2, 3, true, threshold));
        assertArrayEquals(new double[]{1, 1}, threshold, "the first batch's cut starts the estimate");

        double[] next = {2, 2, 2, 0.5, 0.4, 0.3};
        entries(rule, next, 2, 3, true, threshold);
        assertEquals(0.9 * 1 + 0.1 * 2, threshold[0], 1e-15, "then a running average of the cuts");

        // Inference: each value against its latent's threshold, not against the batch.
        threshold[0] = 2.5;
        threshold[1] = 0.45;
        assertEquals(List.of("0:0=4.0", "0:2=3.0", "1:0=1.0"), entries(rule, pre, 2, 3, false, threshold));
    }

    @Test
    void batchTopKBeforeAnyTrainingIsAReluAtInference() {
        double[] threshold = {Double.NaN};
        assertEquals(List.of("0:1=0.5"), entries(BatchTopK.of(1), new double[]{-1, 0.5}, 1, 2, false, threshold));
    }

    @Test
    void rulesRejectImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new TopK(0));
        assertThrows(IllegalArgumentException.class, () -> new TopK(9).requireFits(8));
        assertThrows(IllegalArgumentException.class, () -> new BatchTopK(2, 1.0));
    }

    /** The kept entries as "latent:row=value", latent-major. */
    private static List<String> entries(Architecture rule, double[] pre, int latents, int rows, boolean training,
                                        double[] threshold) {
        LatentCodes codes = new LatentCodes();
        rule.select(pre.clone(), latents, rows, training, threshold == null ? new double[latents] : threshold, codes);
        List<String> out = new ArrayList<>();
        for (int l = 0; l < latents; l++) {
            for (int e = codes.start(l); e < codes.start(l + 1); e++) {
                out.add(l + ":" + codes.row(e) + "=" + codes.value(e));
            }
        }
        return out;
    }
}
