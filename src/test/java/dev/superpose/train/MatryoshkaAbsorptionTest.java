package dev.superpose.train;

import dev.superpose.analysis.sae.Absorption;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.HierarchicalFeatures;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.AuxK;
import dev.superpose.model.sae.BatchTopK;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Matryoshka;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.SaeWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toy case Matryoshka SAEs are for: parent features whose children only appear with them.
 * A BatchTopK SAE and a Matryoshka SAE (same k, same dictionary size, same data and seeds) are
 * trained on {@link HierarchicalFeatures}; for each parent, its latent (the decoder row most
 * similar to the parent's direction) should fire whenever the parent is present. Absorption
 * ({@link Absorption#rate}): the share of parent-with-child samples on which it stays silent.
 * Measured here (1,500 steps, 3 seeds): BatchTopK 0.330, Matryoshka (prefixes 4, 8 of 24) 0.080;
 * both silent on 0.000 of the parent-alone samples.
 */
class MatryoshkaAbsorptionTest {
    /** 4 parents with 3 children each, 8 independent features, orthonormal in 32 dimensions. */
    private static final HierarchicalFeatures DATA = new HierarchicalFeatures(4, 3, 8, 32, 0.2, 0.75, 0.05);
    private static final int LATENTS = 24;
    private static final int K = 2;
    private static final int STEPS = 1500;
    private static final int BATCH = 256;
    private static final long DATA_SEED = 11;

    @Test
    void matryoshkaAbsorbsLessOfTheParentsThanBatchTopK() {
        HierarchicalFeatures.Sample train = DATA.draw(DATA_SEED, 0, 20_000);
        HierarchicalFeatures.Sample test = DATA.draw(DATA_SEED, 20_000, 5_000);
        double[] plain = absorption(new BatchTopK(K, 0.99), train, test);
        double[] nested = absorption(new Matryoshka(K, 0.99, List.of(4, 8)), train, test);
        String report = String.format("absorption with a child, mean over 4 parents x 3 seeds: batchtopk %.3f,"
                        + " matryoshka %.3f; silent on the parent alone: batchtopk %.3f, matryoshka %.3f",
                plain[0], nested[0], plain[1], nested[1]);
        assertTrue(nested[0] < plain[0] - 0.1, report);
        // the matched latents are the parents' own in both: they fire on the parent alone
        assertTrue(plain[1] < 0.05 && nested[1] < 0.05, report);
        // and BatchTopK does absorb here, so the comparison is not vacuous
        assertTrue(plain[0] > 0.2, report);
    }

    /** {mean absorption rate with a child, mean silence rate on the parent alone} over parents and seeds. */
    private static double[] absorption(Architecture rule, HierarchicalFeatures.Sample train,
                                       HierarchicalFeatures.Sample test) {
        SaeOptions options = new SaeOptions(DecoderNorm.PROJECTED, true, DecoderBiasInit.ZERO).withAuxK(AuxK.OFF, 100);
        SaeStackSpec spec = new SaeStackSpec(rule, DATA.dim(), LATENTS, options, BATCH, STEPS, Optimizer.ADAM,
                Schedule.CONSTANT, 0, STEPS, DATA_SEED);
        List<SaeInstanceSpec> seeds = List.of(new SaeInstanceSpec(1, 0, 3e-3), new SaeInstanceSpec(2, 0, 3e-3),
                new SaeInstanceSpec(3, 0, 3e-3));
        float[] directions = DATA.directions(DATA_SEED);
        int rows = test.activations().rows();
        double withChild = 0;
        double alone = 0;
        try (SaeStackTrainer trainer = new SaeStackTrainer(spec, seeds, train.activations(), 2)) {
            for (int s = 0; s < STEPS; s++) {
                trainer.step();
            }
            for (int i = 0; i < seeds.size(); i++) {
                SaeWeights w = SaeWeights.from(trainer.weights(i));
                SaeCodes codes = trainer.encode(i, test.activations().values(), rows);
                for (int p = 0; p < DATA.parents(); p++) {
                    int latent = Absorption.matchingLatent(w.decoderRows(), LATENTS, DATA.dim(), directions,
                            p * DATA.dim());
                    boolean[] child = new boolean[rows];
                    boolean[] only = new boolean[rows];
                    for (int r = 0; r < rows; r++) {
                        boolean anyChild = false;
                        for (int c = 0; c < DATA.children(); c++) {
                            anyChild |= test.present(r, DATA.child(p, c));
                        }
                        child[r] = test.present(r, p) && anyChild;
                        only[r] = test.present(r, p) && !anyChild;
                    }
                    withChild += Absorption.rate(codes.codes(), LATENTS, latent, child);
                    alone += Absorption.rate(codes.codes(), LATENTS, latent, only);
                }
            }
        }
        int cases = seeds.size() * DATA.parents();
        return new double[]{withChild / cases, alone / cases};
    }
}
