package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.superpose.train.TestTrials.trial;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance whose loss or parameters go non-finite is frozen and reported, while the other
 * instances of its stack train exactly as if it were not there.
 */
class DivergenceTest {
    private static final int STEPS = 60;

    private static TrialConfig withLr(double lr, long seed) {
        return trial(Experiment.TMS, Variant.RELU_OUTPUT, 6, 3, 0.2, 0.9, lr, 0, Optimizer.ADAM, Schedule.CONSTANT,
                STEPS, 64, seed);
    }

    private static final TrialConfig GOOD_A = withLr(1e-2, 11);
    private static final TrialConfig GOOD_B = withLr(3e-3, 12);

    /**
     * Adam moves every weight by about the learning rate in the first step. At 1e39 (beyond
     * float's 3.4e38) W becomes ±∞ in step 1: caught by the parameter check although that step's
     * loss was finite. At 1e30 W stays finite, but step 2's output (~W² ≈ 1e60) overflows and the
     * loss is non-finite.
     */
    @ParameterizedTest
    @CsvSource({"1e39, 1", "1e30, 2"})
    void aDivergingInstanceIsFrozenAndTheOthersTrainAsWithoutIt(double absurdLr, int divergenceStep) {
        TmsWeights[] alone = new TmsWeights[2];
        double[] aloneLoss;
        try (TmsStackTrainer trainer = new TmsStackTrainer(List.of(GOOD_A, GOOD_B))) {
            trainToTheEnd(trainer);
            alone[0] = trainer.tmsWeights(0);
            alone[1] = trainer.tmsWeights(1);
            aloneLoss = trainer.lastLoss();
        }

        try (TmsStackTrainer trainer = new TmsStackTrainer(List.of(GOOD_A, withLr(absurdLr, 13), GOOD_B))) {
            for (int s = 1; s < divergenceStep; s++) {
                trainer.step();
                assertFalse(trainer.diverged()[1], "diverged too early, at step " + s);
            }
            trainer.step();
            assertArrayEquals(new boolean[]{false, true, false}, trainer.diverged());
            StackState frozen = trainer.exportState();

            trainToTheEnd(trainer);
            assertArrayEquals(new boolean[]{false, true, false}, trainer.diverged());
            double[] loss = trainer.lastLoss();
            assertTrue(Double.isNaN(loss[1]), "a diverged instance reports NaN, got " + loss[1]);
            assertEquals(aloneLoss[0], loss[0]);
            assertEquals(aloneLoss[1], loss[2]);
            assertArrayEquals(alone[0].w(), trainer.tmsWeights(0).w());
            assertArrayEquals(alone[0].bias(), trainer.tmsWeights(0).bias());
            assertArrayEquals(alone[1].w(), trainer.tmsWeights(2).w());
            assertArrayEquals(alone[1].bias(), trainer.tmsWeights(2).bias());
            assertInstanceUnchanged(frozen, trainer.exportState(), 1);
        }
    }

    /** A state with a NaN in one instance's W, as a corrupt or diverged run could leave it. */
    @Test
    void aRestoredNonFiniteWeightFreezesOnlyItsInstance() {
        try (TmsStackTrainer trainer = new TmsStackTrainer(List.of(GOOD_A, GOOD_B))) {
            trainer.step();
            StackState state = trainer.exportState();
            NamedArray w = state.array("W");
            float[] poisoned = w.data().clone();
            poisoned[poisoned.length - 1] = Float.NaN;
            List<NamedArray> arrays = new ArrayList<>(state.arrays());
            arrays.set(arrays.indexOf(w), new NamedArray("W", w.shape(), poisoned));
            trainer.restore(new StackState(state.step(), 2, arrays, state.diverged()));
            assertArrayEquals(new boolean[]{false, false}, trainer.diverged());

            trainer.step();
            assertArrayEquals(new boolean[]{false, true}, trainer.diverged());
            double[] loss = trainer.lastLoss();
            assertTrue(Double.isFinite(loss[0]) && Double.isNaN(loss[1]), "losses " + loss[0] + ", " + loss[1]);
        }
    }

    private static void trainToTheEnd(TmsStackTrainer trainer) {
        while (trainer.stepsDone() < STEPS) {
            trainer.step();
        }
    }

    /** Instance {@code i}'s parameters and Adam moments are the same in both states (NaN equals NaN). */
    private static void assertInstanceUnchanged(StackState before, StackState after, int i) {
        for (NamedArray array : before.arrays()) {
            int perInstance = array.data().length / before.instances();
            assertArrayEquals(slice(array.data(), i, perInstance),
                    slice(after.array(array.name()).data(), i, perInstance), array.name());
        }
    }

    private static float[] slice(float[] values, int instance, int perInstance) {
        return Arrays.copyOfRange(values, instance * perInstance, (instance + 1) * perInstance);
    }
}
