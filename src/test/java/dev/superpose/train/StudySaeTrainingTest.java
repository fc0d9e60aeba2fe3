package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.SaeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The study's SAE as a trainer runs it: no decoder bias, a renormalised decoder, its initialisation. */
class StudySaeTrainingTest {
    private static final int D = 8;
    private static final int LATENTS = 16;
    private static final SaeOptions STUDY = new SaeOptions(DecoderNorm.RENORMALISED, false, DecoderBiasInit.NONE)
            .withInputNormalization(InputNormalization.PER_SAMPLE).withInitialisation(Initialisation.STUDY);
    private static final List<SaeInstanceSpec> SPECS = List.of(new SaeInstanceSpec(3, 0.05, 5e-3),
            new SaeInstanceSpec(4, 0.5, 5e-3));

    @Test
    void aTrialStartsFromTheStudysInitialisation() {
        try (SaeStackTrainer trainer = trainer(STUDY)) {
            assertArrayEquals(Initialisation.STUDY.initial(4, D, LATENTS, false, new double[D]).toTrialWeights()
                    .get("W_dec").data(), trainer.weights(1).get("W_dec").data(), 1e-6f);
        }
    }

    @Test
    void withoutADecoderBiasBDecStaysZeroAndHasNoOptimiserState() {
        try (SaeStackTrainer trainer = trainer(STUDY)) {
            SaeStackTrainerTest.train(trainer, 20);
            assertArrayEquals(new float[D], trainer.weights(0).get("b_dec").data());
            assertFalse(trainer.exportState().arrays().stream().anyMatch(a -> a.name().startsWith("b_dec")));
            assertFalse(Double.isNaN(trainer.lastLoss()[0]));
        }
    }

    @Test
    void renormalisedDecoderRowsAreUnitAfterEveryStep() {
        try (SaeStackTrainer trainer = trainer(STUDY)) {
            SaeStackTrainerTest.train(trainer, 7);
            TrialWeights weights = trainer.weights(1);
            float[] rows = weights.get("W_dec").data();
            for (int l = 0; l < LATENTS; l++) {
                double norm = 0;
                for (int j = 0; j < D; j++) {
                    norm += rows[l * D + j] * rows[l * D + j];
                }
                assertEquals(1, norm, 1e-5, "row " + l);
            }
        }
    }

    @Test
    void perSampleTrainingFitsRawUnitsBetterThanTheFirstStep() {
        try (SaeStackTrainer trainer = trainer(STUDY)) {
            trainer.step();
            double first = trainer.lastLoss()[0];
            SaeStackTrainerTest.train(trainer, 29);
            double last = trainer.lastLoss()[0];
            assertEquals(true, last < first, "loss " + first + " -> " + last);
        }
    }

    /**
     * The renormalised decoder is renormalised once a step, after the update, and the next step
     * uses those rows: a resumed stack must see them as the uninterrupted one did, across a
     * resampling (at step 10, before the resume at 11) too, on two threads (Adam's too).
     */
    @ParameterizedTest
    @EnumSource(value = Resampling.class, names = {"NONE", "ANTHROPIC"})
    void theStudysFormResumesExactlyAndIsStackInvariant(Resampling resampling) {
        SaeOptions options = STUDY.withResampling(resampling, 10, 5);
        SaeTrainerContract.assertResumeIsExact(specs -> trainer(options, specs, 2), 25);
        SaeTrainerContract.assertStackInvariant(specs -> trainer(options, specs, 2), 25);
    }

    private static SaeStackTrainer trainer(SaeOptions options) {
        return trainer(options, SPECS, 1);
    }

    private static SaeStackTrainer trainer(SaeOptions options, List<SaeInstanceSpec> specs, int threads) {
        SaeStackSpec spec = new SaeStackSpec(new Relu(), D, LATENTS, options, 32, 30, Optimizer.ADAM, Schedule.CONSTANT,
                0, 10, 42);
        return new SaeStackTrainer(spec, specs, SaeStackTrainerTest.pool(5), threads);
    }
}
