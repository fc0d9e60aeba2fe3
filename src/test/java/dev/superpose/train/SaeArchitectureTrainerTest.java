package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.source.Activations;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.AuxK;
import dev.superpose.model.sae.BatchTopK;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Gated;
import dev.superpose.model.sae.JumpRelu;
import dev.superpose.model.sae.Matryoshka;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.CodePath;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.TopK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.superpose.train.SaeStackTrainerTest.pool;
import static dev.superpose.train.SaeStackTrainerTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's contract for the architectures beyond the plain rules (jumprelu, gated, AuxK on
 * the top-k rules): stack invariance, exact resume, their exported arrays, training progress,
 * and resampling of their own per-latent parameters.
 */
class SaeArchitectureTrainerTest {
    private static final int D = 8;
    private static final int LATENTS = 16;
    private static final int BATCH = 32;
    private static final int STEPS = 30;
    private static final int WINDOW = 3;
    private static final JumpRelu JUMP = new JumpRelu(0.05, 0.05);
    /** Latents killed at the start (b_enc −100) in every instance, so that some are dead for AuxK. */
    private static final int[] KILLED = {5, 9};

    static Stream<Arguments> variants() {
        SaeOptions plain = options(AuxK.OFF);
        SaeOptions aux = options(new AuxK(4, 1.0 / 32));
        List<Arguments> auto = List.of(Arguments.of(JUMP, plain), Arguments.of(new Gated(), plain),
                Arguments.of(new TopK(4), aux), Arguments.of(new BatchTopK(4, 0.9), aux),
                Arguments.of(new Relu(), plain.withTied(true)), Arguments.of(new TopK(4), aux.withTied(true)),
                Arguments.of(new Matryoshka(4, 0.9, List.of(4, 8)), aux));
        // these shapes are too small for the automatic choice to go dense: each again on the dense path
        Stream<Arguments> dense = auto.stream().map(a -> Arguments.of(a.get()[0],
                ((SaeOptions) a.get()[1]).withCodePath(CodePath.DENSE)));
        return Stream.concat(auto.stream(), dense);
    }

    private static SaeOptions options(AuxK aux) {
        return new SaeOptions(DecoderNorm.PROJECTED, true, DecoderBiasInit.GEOMETRIC_MEDIAN).withAuxK(aux, WINDOW);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void anInstanceTrainsTheSameAloneAsInAStack(Architecture rule, SaeOptions options) {
        SaeTrainerContract.assertStackInvariant(specs -> killedTrainer(rule, options, specs), STEPS);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void resumingIsBitIdentical(Architecture rule, SaeOptions options) {
        SaeTrainerContract.assertResumeIsExact(specs -> killedTrainer(rule, options, specs), STEPS);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void trainingLowersTheHeldOutReconstructionError(Architecture rule, SaeOptions options) {
        Activations heldOut = pool(11);
        try (SaeStackTrainer trainer = trainer(rule, options, List.of(new SaeInstanceSpec(1, 1e-3, 1e-2)))) {
            double before = error(trainer.encode(0, heldOut.values(), heldOut.rows()), heldOut);
            train(trainer, STEPS);
            double after = error(trainer.encode(0, heldOut.values(), heldOut.rows()), heldOut);
            assertTrue(after < 0.8 * before, rule.name() + ": " + before + " -> " + after);
        }
    }

    private static double error(SaeCodes codes, Activations rows) {
        double sum = 0;
        for (int k = 0; k < rows.values().length; k++) {
            sum += Math.pow(codes.reconstructions()[k] - rows.values()[k], 2);
        }
        return sum;
    }

    @Test
    void jumpReluExportsItsLearnedThresholdsAndGatedItsMagnitudePath() {
        try (SaeStackTrainer jump = trainer(JUMP, options(AuxK.OFF), List.of(new SaeInstanceSpec(1, 0.01, 1e-2)));
             SaeStackTrainer gated = trainer(new Gated(), options(AuxK.OFF), List.of(new SaeInstanceSpec(1, 0.01, 1e-2)))) {
            float[] start = jump.weights(0).get("threshold").data();
            for (float theta : start) {
                assertEquals(0.05, theta, 1e-7, "the initial threshold");
            }
            train(jump, STEPS);
            float[] learned = jump.weights(0).get("threshold").data();
            assertArrayEquals(new int[]{LATENTS}, jump.weights(0).get("threshold").shape());
            assertTrue(java.util.stream.IntStream.range(0, LATENTS).anyMatch(l -> learned[l] != 0.05f),
                    "the thresholds train");
            float[] logTheta = jump.exportState().array("log_threshold").data();
            assertEquals(Math.log(learned[3]), logTheta[3], 1e-6, "the state holds log θ");

            train(gated, STEPS);
            TrialWeights w = gated.weights(0);
            assertArrayEquals(new int[]{LATENTS}, w.get("r_mag").shape());
            assertArrayEquals(new int[]{LATENTS}, w.get("b_mag").shape());
            assertTrue(w.get("r_mag").data()[0] != 0 || w.get("b_mag").data()[0] != 0, "the magnitude path trains");
            assertNull(w.arrays().stream().filter(a -> a.name().equals("threshold")).findFirst().orElse(null));
        }
    }

    @Test
    void resamplingResetsTheArchitecturesOwnParametersAndTheirAdamState() {
        for (Architecture rule : List.of(JUMP, new Gated())) {
            SaeOptions options = options(AuxK.OFF).withResampling(Resampling.SIMPLE, 10, WINDOW);
            try (SaeStackTrainer trainer = trainer(rule, options, List.of(new SaeInstanceSpec(4, 0.01, 1e-2)))) {
                train(trainer, 3);
                SaeResamplingTest.kill(trainer, 0, new int[]{5}, LATENTS);
                train(trainer, 7);
                StackState state = trainer.exportState();
                for (String name : rule instanceof JumpRelu ? List.of("log_threshold") : List.of("r_mag", "b_mag")) {
                    double start = rule instanceof JumpRelu ? Math.log(0.05) : 0.0;
                    assertEquals(start, state.array(name).data()[5], 1e-6, name + " of the resampled latent");
                    assertEquals(0.0f, state.array("adam_m." + name).data()[5], name + "'s first moment");
                    assertEquals(0.0f, state.array("adam_v." + name).data()[5], name + "'s second moment");
                    assertTrue(state.array("adam_v." + name).data()[4] > 0, name + " of an alive latent keeps its moments");
                }
            }
        }
    }

    @Test
    void tiedWeightsExportTheDecoderAsTheEncoderAndKeepOneMatrixInTheState() {
        SaeOptions tied = new SaeOptions(DecoderNorm.WEIGHT_NORM, false, DecoderBiasInit.GEOMETRIC_MEDIAN).withTied(true);
        try (SaeStackTrainer trainer = trainer(new Relu(), tied, List.of(new SaeInstanceSpec(1, 0.01, 1e-2)))) {
            train(trainer, STEPS);
            TrialWeights w = trainer.weights(0);
            float[] encoder = w.get("W_enc").data();
            float[] decoder = w.get("W_dec").data();
            for (int l = 0; l < LATENTS; l++) {
                for (int j = 0; j < D; j++) {
                    assertEquals(decoder[l * D + j], encoder[j * LATENTS + l], 1e-6, "W_enc = W_dec^T");
                }
            }
            StackState state = trainer.exportState();
            assertTrue(state.arrays().stream().noneMatch(a -> a.name().contains("W_enc")), state.shape());
        }
    }

    /**
     * Latents with encoder rows shrunk to 1e-3 never make a sample's top 1 and die; without AuxK
     * nothing moves them, with it their small positive pre-activations reconstruct the error.
     */
    @Test
    void auxKTrainsDeadLatents() {
        List<SaeInstanceSpec> one = List.of(new SaeInstanceSpec(2, 0.0, 1e-2));
        try (SaeStackTrainer with = trainer(new TopK(1), options(new AuxK(4, 1.0 / 32)), one);
             SaeStackTrainer without = trainer(new TopK(1), options(AuxK.OFF), one)) {
            for (SaeStackTrainer t : List.of(with, without)) {
                shrinkEncoderRows(t, 1e-3f);
            }
            float[] start = with.weights(0).get("W_enc").data();
            for (SaeStackTrainer t : List.of(with, without)) {
                train(t, STEPS);
            }
            float[] trained = with.weights(0).get("W_enc").data();
            float[] untrained = without.weights(0).get("W_enc").data();
            for (int l : KILLED) {
                assertTrue(without.stepsSinceFired(0)[l] >= STEPS, "latent " + l + " never fires");
                double moved = 0;
                for (int j = 0; j < D; j++) {
                    assertEquals(start[j * LATENTS + l], untrained[j * LATENTS + l], 0.0, "no gradient without AuxK");
                    moved += Math.abs(trained[j * LATENTS + l] - start[j * LATENTS + l]);
                }
                assertTrue(moved > 1e-3, "AuxK moves dead latent " + l + "'s encoder row: " + moved);
            }
        }
    }

    private static void shrinkEncoderRows(SaeStackTrainer trainer, float factor) {
        StackState state = trainer.exportState();
        List<NamedArray> arrays = new ArrayList<>();
        for (NamedArray a : state.arrays()) {
            if (a.name().equals("W_enc_T")) {
                float[] rows = a.data().clone();
                for (int l : KILLED) {
                    for (int j = 0; j < D; j++) {
                        rows[l * D + j] *= factor;
                    }
                }
                a = new NamedArray(a.name(), a.shape(), rows);
            }
            arrays.add(a);
        }
        trainer.restore(new StackState(state.step(), state.instances(), arrays, state.diverged()));
    }

    /** A trainer whose instances have {@link #KILLED} dead from the start (AuxK has work). */
    private static SaeStackTrainer killedTrainer(Architecture rule, SaeOptions options, List<SaeInstanceSpec> specs) {
        SaeStackTrainer trainer = trainer(rule, options, specs);
        killInEveryInstance(trainer);
        return trainer;
    }

    private static void killInEveryInstance(SaeStackTrainer trainer) {
        for (int i = 0; i < trainer.instances(); i++) {
            SaeResamplingTest.kill(trainer, i, KILLED, LATENTS);
        }
    }

    @Test
    void auxKIsRejectedForRulesWithoutK() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SaeStackSpec(new Relu(), D,
                LATENTS, options(new AuxK(4, 0.1)), BATCH, STEPS, Optimizer.ADAM, Schedule.CONSTANT, 0, 10, 0));
        assertTrue(e.getMessage().contains("AuxK applies to the top-k rules"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JumpRelu(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new AuxK(-1, 0.1));
    }

    private static SaeStackTrainer trainer(Architecture rule, SaeOptions options, List<SaeInstanceSpec> instances) {
        SaeStackSpec spec = new SaeStackSpec(rule, D, LATENTS, options, BATCH, STEPS, Optimizer.ADAM, Schedule.COSINE,
                0, 10, 42);
        return new SaeStackTrainer(spec, instances, pool(5), 2);
    }
}
