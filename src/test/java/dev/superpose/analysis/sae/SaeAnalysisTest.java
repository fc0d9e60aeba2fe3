package dev.superpose.analysis.sae;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaeAnalysisTest {
    /**
     * 2 samples in 2 dimensions, 3 latents: x = [[1, 2], [3, 4]], x̂ = [[1, 1], [3, 5]],
     * z = [[0, 2, 0], [0, 0, 3]], W_dec rows (1, 1), (0, −2), (3, 0).
     */
    private static final SaeOutputs OUTPUTS = new SaeOutputs(2, 2, 3, new float[]{1, 2, 3, 4},
            new float[]{1, 1, 3, 5}, new float[]{0, 2, 0, 0, 0, 3}, new float[]{1, 1, 0, -2, 3, 0});

    @Test
    void summarisesReconstructionSparsityAndTheDictionary() {
        SaeAnalysis a = SaeAnalysis.of(OUTPUTS, new float[]{1, 0, 0, 1});
        SaeSummary s = a.summary();
        assertEquals(0.5, s.mse(), 1e-12);
        assertEquals(0.5, s.fvu(), 1e-12);
        assertEquals(1, s.l0(), 1e-12);
        assertEquals(2.5, s.l1(), 1e-12);
        assertEquals(1.0 / 3, s.deadFraction(), 1e-12);
        DictionaryScores d = s.dictionary().orElseThrow();
        assertEquals((1 + Math.sqrt(0.5)) / 2, d.mmcs(), 1e-12);
        // latent 0 is dead, so only latents 1 (best 0) and 2 (best 1) count
        assertEquals(0.5, d.mmcsLatents(), 1e-12);
        // only latent 2 (e1) is above 0.9 to anything
        assertEquals(1, d.recovered());
    }

    @Test
    void latentRowsGiveFrequencyNormAndBestFeature() {
        SaeAnalysis a = SaeAnalysis.of(OUTPUTS, new float[]{1, 0, 0, 1});
        LatentStats dead = a.latents().get(0);
        assertEquals(0, dead.firingFrequency());
        assertEquals(Math.sqrt(2), dead.decoderNorm(), 1e-12);
        assertEquals(Math.sqrt(0.5), dead.maxCosine(), 1e-12);
        LatentStats down = a.latents().get(1);
        assertEquals(0.5, down.firingFrequency());
        assertEquals(2, down.decoderNorm(), 1e-12);
        assertEquals(0, down.feature(), "−e2 is orthogonal to e1 and opposite to e2");
        assertEquals(0, down.maxCosine(), 1e-12);
        assertEquals(new LatentStats(2, 0.5, 3, 1, 0), a.latents().get(2));
    }

    @Test
    void aDecoderHoldingTheTrueFeaturesIsSimilarToThemInEveryMeasure() {
        // 3 true features in 2 dimensions, learned exactly (and in another order) among 4 decoder rows
        float[] truth = {1, 0, 0, 1, -0.6f, 0.8f};
        float[] decoder = {0, 1, -0.6f, 0.8f, 0.7071f, 0.7071f, 1, 0};
        SaeOutputs outputs = new SaeOutputs(1, 2, 4, new float[]{1, 1}, new float[]{1, 1}, new float[]{1, 0, 0, 0},
                decoder);
        RepresentationSimilarity.Scores s = SaeAnalysis.of(outputs, truth).summary().similarity().orElseThrow();
        assertEquals(1, s.cka().value(), 1e-6);
        assertEquals(0, s.procrustes().value(), 1e-3);
        assertEquals(1, s.rsa().value(), 1e-12);
        assertTrue(SaeAnalysis.of(outputs).summary().similarity().isEmpty());
    }

    @Test
    void withoutGroundTruthThereAreNoDictionaryScores() {
        SaeAnalysis a = SaeAnalysis.of(OUTPUTS);
        assertTrue(a.summary().dictionary().isEmpty());
        assertEquals(new LatentStats(1, 0.5, 2, Double.NaN, -1), a.latents().get(1));
    }

    @Test
    void rejectsOutputsOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SaeOutputs(2, 2, 3, new float[4], new float[4], new float[5], new float[6]));
        assertEquals("SAE codes must be 2x3 (6 values), got 5", e.getMessage());
    }
}
