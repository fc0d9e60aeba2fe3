package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.model.NamedArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.superpose.train.TestTrials.trial;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training interrupted after k steps, checkpointed to a file, read back and restored into a new
 * trainer, continues bit for bit as the uninterrupted run: every later loss and the final weights.
 */
class ExactResumeTest {
    private static final int STEPS = 157;

    @TempDir
    Path dir;

    /** Three trials with different seeds, probabilities and learning rates; AdamW with warm-up-cosine. */
    private static List<TrialConfig> stack(Experiment experiment, Variant variant, int features, int hidden) {
        List<TrialConfig> trials = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trials.add(trial(experiment, variant, features, hidden, 0.07 * (i + 1), 0.85 + 0.05 * i, 3e-3 * (i + 1), 0.01 * i,
                    Optimizer.ADAMW, Schedule.WARMUP_COSINE, STEPS, 64, 41 + i));
        }
        return trials;
    }

    /** A finished run: losses[s] is the loss of step s + 1 (null for steps before a resume); the final state. */
    private record Run(double[][] losses, StackState end) {
    }

    private static Run trainToTheEnd(TmsStackTrainer trainer) {
        double[][] losses = new double[STEPS][];
        while (trainer.stepsDone() < STEPS) {
            trainer.step();
            losses[(int) trainer.stepsDone() - 1] = trainer.lastLoss();
        }
        return new Run(losses, trainer.exportState());
    }

    private static void trainSteps(TmsStackTrainer trainer, int steps) {
        for (int s = 0; s < steps; s++) {
            trainer.step();
        }
    }

    /**
     * k = 13 stops inside the 20-step warm-up; 61 and 101 in the cosine part. 6 × 3 stacks use native
     * matmuls, 5 × 2 stacks the plain-Java pass over row blocks, 300 × 2 stacks the one over sparse rows.
     */
    @ParameterizedTest
    @CsvSource({"TMS, LINEAR, 13, 6, 3", "TMS, RELU_OUTPUT, 61, 6, 3", "TMS_NEURON, RELU_OUTPUT, 101, 6, 3",
            "TMS, RELU_OUTPUT, 61, 5, 2", "TMS_NEURON, RELU_OUTPUT, 13, 5, 2", "TMS, RELU_OUTPUT, 61, 300, 2"})
    void resumingFromACheckpointFileContinuesBitForBit(Experiment experiment, Variant variant, int k, int features,
                                                       int hidden) throws IOException {
        List<TrialConfig> trials = stack(experiment, variant, features, hidden);
        Run uninterrupted;
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials)) {
            uninterrupted = trainToTheEnd(trainer);
        }

        Path file = dir.resolve("stack.ckpt");
        double[] reported = {0.25, 0.5, 0.75};
        CheckpointFile.Written written;
        try (TmsStackTrainer first = new TmsStackTrainer(trials)) {
            trainSteps(first, k);
            written = CheckpointFile.write(file, first.exportState(), reported);
        }
        CheckpointFile.Contents contents = CheckpointFile.read(file, written.checksum());
        assertArrayEquals(reported, contents.reportedLoss());

        try (TmsStackTrainer second = new TmsStackTrainer(trials)) {
            second.restore(contents.state());
            assertEquals(k, second.stepsDone());
            Run resumed = trainToTheEnd(second);
            for (int s = k; s < STEPS; s++) {
                assertArrayEquals(uninterrupted.losses()[s], resumed.losses()[s], "loss of step " + (s + 1));
            }
            assertStatesIdentical(uninterrupted.end(), resumed.end());
        }
    }

    /**
     * A trainer that already ran ahead (its prefetcher holds later batches) rewound to an earlier
     * state retraces the same steps.
     */
    @Test
    void restoringRewindsATrainerThatAlreadyRanAhead() {
        List<TrialConfig> trials = stack(Experiment.TMS, Variant.RELU_OUTPUT, 6, 3);
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials)) {
            trainSteps(trainer, 37);
            StackState at37 = trainer.exportState();
            trainSteps(trainer, 8);
            StackState at45 = trainer.exportState();
            double[] lossAt45 = trainer.lastLoss();

            trainer.restore(at37);
            trainSteps(trainer, 8);
            assertStatesIdentical(at45, trainer.exportState());
            assertArrayEquals(lossAt45, trainer.lastLoss());
        }
    }

    @Test
    void anExportedStateIsACopyThatLaterStepsDoNotTouch() {
        try (TmsStackTrainer trainer = new TmsStackTrainer(stack(Experiment.TMS, Variant.LINEAR, 6, 3))) {
            trainSteps(trainer, 3);
            StackState state = trainer.exportState();
            float[] w = state.array("W").data().clone();
            float[] adamVb = state.array("adam_v.b_final").data().clone();
            trainSteps(trainer, 2);
            assertArrayEquals(w, state.array("W").data());
            assertArrayEquals(adamVb, state.array("adam_v.b_final").data());
            assertEquals(3, state.step());
            assertFalse(Arrays.equals(w, trainer.exportState().array("W").data()), "training moved W");
        }
    }

    @Test
    void restoringAStateOfAnotherShapeIsRejectedWithTheShapes() {
        List<TrialConfig> threeOf6x3 = stack(Experiment.TMS, Variant.LINEAR, 6, 3);
        StackState state;
        try (TmsStackTrainer trainer = new TmsStackTrainer(threeOf6x3)) {
            state = trainer.exportState();
        }
        try (TmsStackTrainer twoOf6x3 = new TmsStackTrainer(threeOf6x3.subList(0, 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoOf6x3.restore(state));
            assertTrue(e.getMessage().startsWith("cannot restore a state of 3 instances: W [3, 3, 6], b_final [3, 6]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("into a stack of 2 instances: W [2, 3, 6]"), e.getMessage());
        }
        TrialConfig wider = trial(Experiment.TMS, Variant.LINEAR, 7, 3, 0.1, 0.9, 1e-3, 0, Optimizer.ADAMW,
                Schedule.WARMUP_COSINE, STEPS, 64, 1);
        try (TmsStackTrainer threeOf7x3 = new TmsStackTrainer(List.of(wider, wider, wider))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> threeOf7x3.restore(state));
            assertTrue(e.getMessage().contains("into a stack of 3 instances: W [3, 3, 7]"), e.getMessage());
        }
        TrialConfig shorter = trial(Experiment.TMS, Variant.LINEAR, 6, 3, 0.1, 0.9, 1e-3, 0, Optimizer.ADAMW,
                Schedule.WARMUP_COSINE, 2, 64, 1);
        try (TmsStackTrainer twoSteps = new TmsStackTrainer(List.of(shorter))) {
            StackState fresh = twoSteps.exportState();
            StackState atStep3 = new StackState(3, 1, fresh.arrays(), fresh.diverged());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoSteps.restore(atStep3));
            assertEquals("cannot restore a state at step 3 into a stack that trains 2 steps", e.getMessage());
        }
    }

    static void assertStatesIdentical(StackState expected, StackState actual) {
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.arrays().stream().map(NamedArray::name).toList(),
                actual.arrays().stream().map(NamedArray::name).toList());
        for (NamedArray array : expected.arrays()) {
            assertArrayEquals(array.data(), actual.array(array.name()).data(), array.name());
        }
        assertArrayEquals(expected.diverged(), actual.diverged(), "diverged");
    }
}
