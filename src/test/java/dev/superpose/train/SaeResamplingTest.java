package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.source.Activations;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.ResampleTuning;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.TopK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.superpose.train.SaeStackTrainerTest.assertWeightsClose;
import static dev.superpose.train.SaeStackTrainerTest.pool;
import static dev.superpose.train.SaeStackTrainerTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dead-latent tracking and resampling: what gets resampled, to what, Adam's reset rows, invariance and resume. */
class SaeResamplingTest {
    private static final int D = 8;
    private static final int LATENTS = 16;
    private static final int BATCH = 32;
    private static final int STEPS = 30;
    private static final int EVERY = 10;
    private static final int WINDOW = 5;
    /** Latents forced dead (b_enc far below any pre-activation) in the tests' instance 0. */
    private static final int[] KILLED = {2, 7, 11};

    @Test
    void deadLatentsAreCountedAndRevivedByResampling() {
        List<SaeInstanceSpec> one = List.of(new SaeInstanceSpec(4, 0.01, 1e-3));
        try (SaeStackTrainer trainer = trainer(new Relu(), Resampling.ANTHROPIC, one)) {
            kill(trainer, 0, KILLED);
            train(trainer, EVERY - 1);
            for (int l : KILLED) {
                assertEquals(EVERY - 1, trainer.stepsSinceFired(0)[l], "latent " + l + " has not fired since the start");
            }
            train(trainer, 1);
            for (int l : KILLED) {
                assertEquals(0, trainer.stepsSinceFired(0)[l], "resampling restarts latent " + l + "'s window");
            }
            train(trainer, WINDOW - 1);
            for (int l : KILLED) {
                assertTrue(trainer.stepsSinceFired(0)[l] < WINDOW - 1,
                        "resampled latent " + l + " fires: " + trainer.stepsSinceFired(0)[l] + " steps since");
            }
        }
    }

    /**
     * The same start trained with and without resampling up to the first resampling (the killed
     * latents fire in the first steps, so they have Adam moments to reset): the two differ
     * exactly in the dead latents' rows, whose Adam moments are zero and whose parameters follow
     * the rule (anthropic: decoder row the normalised pool row minus b_dec, encoder row along it at
     * 0.2 × the alive latents' mean encoder norm, b_enc 0).
     */
    @ParameterizedTest
    @EnumSource(value = Resampling.class, names = {"SIMPLE", "ANTHROPIC"})
    void exactlyTheDeadLatentsRowsAndTheirAdamStateAreReset(Resampling kind) {
        List<SaeInstanceSpec> specs = List.of(new SaeInstanceSpec(4, 0.01, 1e-3), new SaeInstanceSpec(9, 0.02, 2e-3));
        try (SaeStackTrainer resampled = trainer(new Relu(), kind, specs);
             SaeStackTrainer kept = trainer(new Relu(), Resampling.NONE, specs)) {
            for (SaeStackTrainer t : List.of(resampled, kept)) {
                train(t, 3);
                kill(t, 0, KILLED);
                train(t, EVERY - 3);
            }
            for (int l : KILLED) {
                assertTrue(kept.exportState().array("adam_v.W_enc_T").data()[l * D] > 0,
                        "killed latent " + l + " has Adam state to reset");
            }
            StackState after = resampled.exportState();
            StackState reference = kept.exportState();
            for (int i = 0; i < specs.size(); i++) {
                boolean[] dead = new boolean[LATENTS];
                int deadCount = 0;
                for (int l = 0; l < LATENTS; l++) {
                    dead[l] = kept.stepsSinceFired(i)[l] >= WINDOW;
                    deadCount += dead[l] ? 1 : 0;
                    assertEquals(dead[l] ? 0 : kept.stepsSinceFired(i)[l], resampled.stepsSinceFired(i)[l]);
                }
                assertTrue(i != 0 || deadCount >= KILLED.length, "the killed latents are dead");
                for (String name : List.of("W_enc_T", "W_dec", "b_enc", "adam_m.W_enc_T", "adam_v.W_enc_T",
                        "adam_m.W_dec", "adam_v.W_dec", "adam_m.b_enc", "adam_v.b_enc")) {
                    float[] mine = after.array(name).data();
                    float[] theirs = reference.array(name).data();
                    int row = mine.length / (specs.size() * LATENTS);
                    for (int l = 0; l < LATENTS; l++) {
                        for (int k = (i * LATENTS + l) * row; k < (i * LATENTS + l + 1) * row; k++) {
                            if (!dead[l]) {
                                assertEquals(theirs[k], mine[k], 0.0, name + " of alive latent " + l + " untouched");
                            } else if (name.startsWith("adam") || name.equals("b_enc")) {
                                assertEquals(0.0f, mine[k], name + " of resampled latent " + l + " is zero");
                            }
                        }
                    }
                }
                for (String name : List.of("b_dec", "adam_m.b_dec", "adam_v.b_dec")) {
                    assertArrayEquals(reference.array(name).data(), after.array(name).data(), name);
                }
                assertResampledRows(kind, resampled.weights(i), dead, kept.spec());
            }
        }
    }

    /** ARENA's resampling: encoder rows at 0.5 (× the alive mean norm for anthropic), Adam moments kept. */
    @ParameterizedTest
    @EnumSource(value = Resampling.class, names = {"SIMPLE", "ANTHROPIC"})
    void arenasScaleSetsTheNewEncoderRowsAndAdamStateIsKept(Resampling kind) {
        List<SaeInstanceSpec> specs = List.of(new SaeInstanceSpec(4, 0.01, 1e-3));
        SaeOptions options = new SaeOptions(DecoderNorm.PROJECTED, false, DecoderBiasInit.GEOMETRIC_MEDIAN)
                .withResampling(kind, EVERY, WINDOW).withResampleTuning(new ResampleTuning(0.5, 0.5, false));
        SaeStackSpec spec = new SaeStackSpec(new Relu(), D, LATENTS, options, BATCH, STEPS, Optimizer.ADAM,
                Schedule.CONSTANT, 0, 10, 42);
        try (SaeStackTrainer arena = new SaeStackTrainer(spec, specs, pool(5), 1);
             SaeStackTrainer kept = trainer(new Relu(), Resampling.NONE, specs)) {
            for (SaeStackTrainer t : List.of(arena, kept)) {
                train(t, 3);
                kill(t, 0, KILLED);
                train(t, EVERY - 3);
            }
            float[] encoder = arena.weights(0).get("W_enc").data();
            float[] decoder = arena.weights(0).get("W_dec").data();
            boolean[] dead = new boolean[LATENTS];
            double aliveNorm = 0;
            int alive = 0;
            for (int l = 0; l < LATENTS; l++) {
                dead[l] = kept.stepsSinceFired(0)[l] >= WINDOW;
                if (!dead[l]) {
                    aliveNorm += Math.sqrt(encoderSquares(encoder, l));
                    alive++;
                }
            }
            aliveNorm /= alive;
            for (int l : KILLED) {
                assertTrue(dead[l], "killed latent " + l + " is dead");
                double scale = kind == Resampling.SIMPLE ? 0.5 : 0.5 * aliveNorm;
                assertEquals(scale, Math.sqrt(encoderSquares(encoder, l)), 1e-5, "encoder norm of latent " + l);
                assertEquals(scale * decoder[l * D], encoder[l], 1e-6, "encoder along decoder");
                // the moments are the uninterrupted run's: not reset
                assertEquals(kept.exportState().array("adam_v.W_enc_T").data()[l * D],
                        arena.exportState().array("adam_v.W_enc_T").data()[l * D], 0.0, "adam_v of latent " + l);
            }
        }
    }

    private static void assertResampledRows(Resampling kind, TrialWeights w, boolean[] dead, SaeStackSpec spec) {
        float[] encoder = w.get("W_enc").data();
        float[] decoder = w.get("W_dec").data();
        double aliveNorm = 0;
        int alive = 0;
        for (int l = 0; l < LATENTS; l++) {
            if (!dead[l]) {
                aliveNorm += Math.sqrt(encoderSquares(encoder, l));
                alive++;
            }
        }
        aliveNorm /= alive;
        for (int l = 0; l < LATENTS; l++) {
            if (!dead[l]) {
                continue;
            }
            double scale = kind == Resampling.SIMPLE ? 1.0 : 0.2 * aliveNorm;
            assertEquals(scale, Math.sqrt(encoderSquares(encoder, l)), 1e-5, "encoder norm of latent " + l);
            for (int j = 0; j < D; j++) {
                assertEquals(scale * decoder[l * D + j], encoder[j * LATENTS + l], 1e-6, "encoder along decoder");
            }
            if (kind == Resampling.ANTHROPIC) {
                assertTrue(isNormalisedPoolRowMinus(w.get("b_dec").data(), decoder, l, spec),
                        "decoder row of latent " + l + " is a normalised pool row minus b_dec");
            }
        }
    }

    private static boolean isNormalisedPoolRowMinus(float[] bDec, float[] decoder, int l, SaeStackSpec spec) {
        Activations pool = pool(5);
        for (int r = 0; r < pool.rows(); r++) {
            double norm = 0;
            for (int j = 0; j < D; j++) {
                norm += Math.pow(pool.get(r, j) - bDec[j], 2);
            }
            norm = Math.sqrt(norm);
            boolean same = true;
            for (int j = 0; j < D && same; j++) {
                same = Math.abs((pool.get(r, j) - bDec[j]) / norm - decoder[l * D + j]) < 1e-5;
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static double encoderSquares(float[] encoder, int l) {
        double squares = 0;
        for (int j = 0; j < D; j++) {
            squares += encoder[j * LATENTS + l] * encoder[j * LATENTS + l];
        }
        return squares;
    }

    @ParameterizedTest
    @EnumSource(value = Resampling.class, names = {"SIMPLE", "ANTHROPIC"})
    void anInstanceIsResampledTheSameAloneAsInAStack(Resampling kind) {
        List<SaeInstanceSpec> three = List.of(new SaeInstanceSpec(1, 0.5, 1e-2), new SaeInstanceSpec(2, 0.01, 3e-3),
                new SaeInstanceSpec(3, 1.0, 1e-2));
        TrialWeights inStack;
        try (SaeStackTrainer stack = trainer(new TopK(3), kind, three)) {
            kill(stack, 2, KILLED);
            train(stack, STEPS);
            inStack = stack.weights(2);
        }
        try (SaeStackTrainer alone = trainer(new TopK(3), kind, List.of(three.get(2)))) {
            kill(alone, 0, KILLED);
            train(alone, STEPS);
            assertWeightsClose(inStack, alone.weights(0), 1e-5);
            for (int l : KILLED) {
                float bias = alone.weights(0).get("b_enc").data()[l];
                assertTrue(bias > -50, "killed latent " + l + " was resampled: b_enc " + bias);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Resampling.class, names = {"SIMPLE", "ANTHROPIC"})
    void resumingAcrossResamplingsIsBitIdentical(Resampling kind) {
        List<SaeInstanceSpec> specs = List.of(new SaeInstanceSpec(7, 0.3, 5e-3), new SaeInstanceSpec(8, 1.0, 1e-2));
        for (int stop : new int[]{EVERY, EVERY + 3}) {
            StackState uninterrupted;
            StackState midway;
            try (SaeStackTrainer straight = trainer(new Relu(), kind, specs)) {
                kill(straight, 1, KILLED);
                train(straight, stop);
                midway = straight.exportState();
                train(straight, STEPS - stop);
                uninterrupted = straight.exportState();
            }
            try (SaeStackTrainer resumed = trainer(new Relu(), kind, specs)) {
                resumed.restore(midway);
                train(resumed, STEPS - stop);
                assertEquals(uninterrupted.arrays(), resumed.exportState().arrays(), kind + " from step " + stop);
            }
        }
    }

    /** Sets b_enc of the given latents of one instance to −100 through a state round trip: they never fire. */
    static void kill(SaeStackTrainer trainer, int instance, int[] latents) {
        kill(trainer, instance, latents, LATENTS);
    }

    static void kill(SaeStackTrainer trainer, int instance, int[] latents, int latentCount) {
        StackState state = trainer.exportState();
        List<NamedArray> arrays = new ArrayList<>();
        for (NamedArray a : state.arrays()) {
            if (a.name().equals("b_enc")) {
                float[] bias = a.data().clone();
                for (int l : latents) {
                    bias[instance * latentCount + l] = -100;
                }
                a = new NamedArray(a.name(), a.shape(), bias);
            }
            arrays.add(a);
        }
        trainer.restore(new StackState(state.step(), state.instances(), arrays, state.diverged()));
    }

    private static SaeStackTrainer trainer(Architecture rule, Resampling kind, List<SaeInstanceSpec> instances) {
        SaeOptions options = new SaeOptions(DecoderNorm.PROJECTED, false, DecoderBiasInit.GEOMETRIC_MEDIAN)
                .withResampling(kind, EVERY, WINDOW);
        SaeStackSpec spec = new SaeStackSpec(rule, D, LATENTS, options, BATCH, STEPS, Optimizer.ADAM,
                Schedule.CONSTANT, 0, 10, 42);
        return new SaeStackTrainer(spec, instances, pool(5), 2);
    }
}
