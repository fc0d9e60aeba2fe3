package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.source.Activations;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.BatchTopK;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.TopK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SAE trainer's contract: stack invariance, exact resume, divergence freezing, exported weights. */
class SaeStackTrainerTest {
    private static final int D = 8;
    private static final int LATENTS = 16;
    private static final int BATCH = 32;
    private static final int POOL = 200;
    private static final int STEPS = 30;

    static Stream<Architecture> rules() {
        return Stream.of(new Relu(), new TopK(3), new BatchTopK(3, 0.9));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void anInstanceTrainsTheSameAloneAsInAStackOfFive(Architecture rule) {
        List<SaeInstanceSpec> five = List.of(new SaeInstanceSpec(1, 0.01, 1e-3), new SaeInstanceSpec(2, 0.1, 3e-3),
                new SaeInstanceSpec(3, 0.03, 1e-2), new SaeInstanceSpec(4, 0.0, 1e-3), new SaeInstanceSpec(5, 1.0, 2e-3));
        TrialWeights inStack;
        double lossInStack;
        try (SaeStackTrainer stack = trainer(rule, DecoderNorm.PROJECTED, five, 2)) {
            train(stack, STEPS);
            inStack = stack.weights(2);
            lossInStack = stack.lastLoss()[2];
        }
        try (SaeStackTrainer alone = trainer(rule, DecoderNorm.PROJECTED, List.of(five.get(2)), 1)) {
            train(alone, STEPS);
            assertWeightsClose(inStack, alone.weights(0), 1e-5);
            assertEquals(lossInStack, alone.lastLoss()[0], 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("rules")
    void resumingFromAnExportedStateIsBitIdentical(Architecture rule) {
        for (DecoderNorm norm : DecoderNorm.values()) {
            List<SaeInstanceSpec> specs = List.of(new SaeInstanceSpec(7, 0.05, 5e-3), new SaeInstanceSpec(8, 0.2, 1e-2));
            StackState uninterrupted;
            StackState midway;
            try (SaeStackTrainer straight = trainer(rule, norm, specs, 2)) {
                train(straight, 11);
                midway = straight.exportState();
                train(straight, STEPS - 11);
                uninterrupted = straight.exportState();
            }
            try (SaeStackTrainer resumed = trainer(rule, norm, specs, 1)) {
                resumed.restore(midway);
                assertEquals(11, resumed.stepsDone());
                train(resumed, STEPS - 11);
                StackState after = resumed.exportState();
                assertEquals(uninterrupted.arrays(), after.arrays(), rule.name() + " " + norm);
                assertEquals(rule instanceof BatchTopK, after.arrays().stream().anyMatch(a -> a.name().equals("threshold")));
            }
        }
    }

    @Test
    void aDivergingInstanceIsFrozenAndTheOthersTrainOnUnaffected() {
        SaeInstanceSpec calm = new SaeInstanceSpec(1, 0.05, 1e-3);
        SaeInstanceSpec wild = new SaeInstanceSpec(2, 0.05, 1e38);
        SaeInstanceSpec other = new SaeInstanceSpec(3, 0.5, 1e-2);
        try (SaeStackTrainer mixed = trainer(new Relu(), DecoderNorm.PROJECTED, List.of(calm, wild, other), 2);
             SaeStackTrainer clean = trainer(new Relu(), DecoderNorm.PROJECTED, List.of(calm, other), 2)) {
            train(mixed, STEPS);
            train(clean, STEPS);
            assertArrayEquals(new boolean[]{false, true, false}, mixed.diverged());
            assertTrue(Double.isNaN(mixed.lastLoss()[1]));
            assertWeightsClose(clean.weights(0), mixed.weights(0), 1e-5);
            assertWeightsClose(clean.weights(1), mixed.weights(2), 1e-5);
        }
    }

    @Test
    void weightsHaveTheNpzLayoutWithUnitDecoderRows() {
        try (SaeStackTrainer trainer = trainer(BatchTopK.of(2), DecoderNorm.WEIGHT_NORM,
                List.of(new SaeInstanceSpec(3, 0, 1e-2)), 1)) {
            train(trainer, 5);
            TrialWeights w = trainer.weights(0);
            assertArrayEquals(new int[]{D, LATENTS}, w.get("W_enc").shape());
            assertArrayEquals(new int[]{LATENTS, D}, w.get("W_dec").shape());
            assertArrayEquals(new int[]{LATENTS}, w.get("b_enc").shape());
            assertArrayEquals(new int[]{D}, w.get("b_dec").shape());
            assertArrayEquals(new int[]{LATENTS}, w.get("threshold").shape());
            float[] decoder = w.get("W_dec").data();
            for (int l = 0; l < LATENTS; l++) {
                double norm = 0;
                for (int j = 0; j < D; j++) {
                    norm += decoder[l * D + j] * decoder[l * D + j];
                }
                assertEquals(1.0, Math.sqrt(norm), 1e-6, "decoder row " + l);
            }
            float threshold = w.get("threshold").data()[0];
            assertTrue(threshold > 0, "batchtopk's threshold estimate after training: " + threshold);
        }
    }

    @Test
    void encodingAHeldOutSetReconstructsItWithTheTrainedWeights() {
        Activations pool = pool(11);
        try (SaeStackTrainer trainer = trainer(new Relu(), DecoderNorm.PROJECTED,
                List.of(new SaeInstanceSpec(1, 1e-3, 1e-2), new SaeInstanceSpec(2, 1e-3, 1e-2)), 2)) {
            double before = reconstructionError(trainer.encode(1, pool.values(), POOL), pool);
            train(trainer, STEPS);
            SaeCodes codes = trainer.encode(1, pool.values(), POOL);
            TrialWeights w = trainer.weights(1);
            // x̂ = z·W_dec + b_dec, recomputed from the exported weights.
            for (int b = 0; b < POOL; b += 37) {
                for (int j = 0; j < D; j++) {
                    double xhat = w.get("b_dec").data()[j];
                    for (int l = 0; l < LATENTS; l++) {
                        xhat += codes.codes()[b * LATENTS + l] * w.get("W_dec").data()[l * D + j];
                    }
                    assertEquals(xhat, codes.reconstructions()[b * D + j], 1e-5);
                }
            }
            assertTrue(reconstructionError(codes, pool) < 0.8 * before, "training lowers the reconstruction error: " + before + " -> " + reconstructionError(codes, pool));
        }
    }

    @Test
    void badInputsAreRejectedWithTheirNames() {
        List<SaeInstanceSpec> one = List.of(new SaeInstanceSpec(1, 0.1, 1e-3));
        IllegalArgumentException wrongDim = assertThrows(IllegalArgumentException.class, () -> new SaeStackTrainer(
                spec(new Relu(), DecoderNorm.PROJECTED), one, new Activations(POOL, D + 1, new float[POOL * (D + 1)])));
        assertTrue(wrongDim.getMessage().contains("9-dimensional"), wrongDim.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> new SaeStackTrainer(
                spec(new Relu(), DecoderNorm.PROJECTED), one, new Activations(BATCH - 1, D, new float[(BATCH - 1) * D])));
        assertTrue(small.getMessage().contains("at least one batch"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SaeInstanceSpec(1, -0.1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new SaeStackSpec(new TopK(LATENTS + 1), D, LATENTS,
                SaeOptions.DEFAULT, BATCH, STEPS, Optimizer.ADAM, Schedule.CONSTANT, 0, 10, 0));
        try (SaeStackTrainer done = trainer(new Relu(), DecoderNorm.PROJECTED, one, 1);
             SaeStackTrainer withThreshold = trainer(BatchTopK.of(2), DecoderNorm.PROJECTED, one, 1)) {
            StackState reluState = done.exportState();
            assertThrows(IllegalArgumentException.class, () -> withThreshold.restore(reluState));
            assertThrows(IllegalArgumentException.class, () -> done.restore(withThreshold.exportState()));
            train(done, STEPS);
            assertThrows(IllegalStateException.class, done::step);
        }
    }

    private static double reconstructionError(SaeCodes codes, Activations pool) {
        double sum = 0;
        for (int k = 0; k < pool.values().length; k++) {
            sum += Math.pow(codes.reconstructions()[k] - pool.values()[k], 2);
        }
        return sum;
    }

    static SaeStackTrainer trainer(Architecture rule, DecoderNorm norm, List<SaeInstanceSpec> instances, int threads) {
        return new SaeStackTrainer(spec(rule, norm), instances, pool(5), threads);
    }

    private static SaeStackSpec spec(Architecture rule, DecoderNorm norm) {
        return new SaeStackSpec(rule, D, LATENTS, new SaeOptions(norm, false, DecoderBiasInit.GEOMETRIC_MEDIAN),
                BATCH, STEPS, Optimizer.ADAM, Schedule.COSINE, 0, 10, 42);
    }

    /** Sparse non-negative combinations of a few random directions, like the benchmark's data. */
    static Activations pool(long seed) {
        Random random = new Random(seed);
        double[][] directions = new double[12][D];
        for (double[] direction : directions) {
            for (int j = 0; j < D; j++) {
                direction[j] = random.nextGaussian() / Math.sqrt(D);
            }
        }
        float[] values = new float[POOL * D];
        for (int r = 0; r < POOL; r++) {
            for (double[] direction : directions) {
                if (random.nextDouble() < 0.2) {
                    double magnitude = random.nextDouble();
                    for (int j = 0; j < D; j++) {
                        values[r * D + j] += (float) (magnitude * direction[j]);
                    }
                }
            }
        }
        return new Activations(POOL, D, values);
    }

    static void train(SaeStackTrainer trainer, int steps) {
        for (int s = 0; s < steps; s++) {
            trainer.step();
        }
    }

    static void assertWeightsClose(TrialWeights expected, TrialWeights actual, double tolerance) {
        List<String> names = new ArrayList<>();
        for (NamedArray e : expected.arrays()) {
            names.add(e.name());
            float[] a = actual.get(e.name()).data();
            assertEquals(e.data().length, a.length, e.name());
            for (int k = 0; k < a.length; k++) {
                assertEquals(e.data()[k], a[k], tolerance, e.name() + "[" + k + "]");
            }
        }
        assertFalse(names.isEmpty());
    }
}
