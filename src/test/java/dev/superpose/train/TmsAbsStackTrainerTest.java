package dev.superpose.train;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Experiment;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.Magnitude;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrainConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.data.FeatureSampler;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsAbsStack;
import dev.superpose.model.TrialWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tms-abs trainer: stack invariance, bit-exact resume (fresh samples and fixed training
 * sets), divergence, initialisation and learning |x|.
 */
class TmsAbsStackTrainerTest {
    private static final int FEATURES = 6;
    private static final int HIDDEN = 4;

    @TempDir
    Path dir;

    /**
     * A tms-abs trial: signed-uniform data, importance decay^f, AdamW with warm-up-cosine (20
     * steps). The experiment id is TMS until {@code tms-abs} is wired in; the trainer never reads it.
     */
    static TrialConfig trial(int features, int hidden, double p, double lr, double weightDecay, int steps,
                             int batch, int datasetSize, long seed) {
        return trial(features, hidden, p, lr, weightDecay, Schedule.WARMUP_COSINE, steps, batch, datasetSize, seed);
    }

    static TrialConfig trial(int features, int hidden, double p, double lr, double weightDecay, Schedule schedule,
                             int steps, int batch, int datasetSize, long seed) {
        List<Double> importance = IntStream.range(0, features).mapToObj(f -> Math.pow(0.9, f)).toList();
        return TrialConfig.tms(Experiment.TMS, new ModelConfig(features, hidden, Variant.RELU_OUTPUT),
                new DataConfig(p, importance, Magnitude.SIGNED_UNIFORM, FeatureSets.NONE, false, datasetSize,
                        new DataGenerator.Sparse()),
                new TrainConfig(steps, batch, lr, Optimizer.ADAMW, weightDecay, schedule, 20, 50), seed);
    }

    private static TrialWeights trainAndGet(List<TrialConfig> trials, int instance) {
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(trials)) {
            trainToTheEnd(trainer, trials.get(0).train().steps());
            return trainer.weights(instance);
        }
    }

    private static double[][] trainToTheEnd(TmsAbsStackTrainer trainer, int steps) {
        double[][] losses = new double[steps][];
        while (trainer.stepsDone() < steps) {
            trainer.step();
            losses[(int) trainer.stepsDone() - 1] = trainer.lastLoss();
        }
        return losses;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 40})
    void aTrialEndsTheSameAloneOrInsideAStackOfNine(int datasetSize) {
        int steps = 300;
        TrialConfig target = trial(FEATURES, HIDDEN, 0.2, 1e-2, 0.01, steps, 64, datasetSize, 7);
        List<TrialConfig> stack = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            stack.add(i == 5 ? target : trial(FEATURES, HIDDEN, 0.05 * (i + 1), 1e-3 * (i + 1), 0.001 * i, steps, 64,
                    datasetSize, 100 + i));
        }
        TrialWeights alone = trainAndGet(List.of(target), 0);
        TrialWeights stacked = trainAndGet(stack, 5);
        for (String name : List.of(TmsAbsStack.W1, TmsAbsStack.W2, TmsAbsStack.BIAS)) {
            assertClose(alone.get(name).data(), stacked.get(name).data(), name);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            diff += (expected[k] - actual[k]) * (double) (expected[k] - actual[k]);
            norm += expected[k] * (double) expected[k];
        }
        assertTrue(norm > 0, what + " is all zero: the comparison would be vacuous");
        assertTrue(Math.sqrt(diff / norm) <= 1e-5, what + ": relative difference " + Math.sqrt(diff / norm));
    }

    /** Interrupted after k steps, checkpointed to a file and restored: the rest is bit-identical. */
    @ParameterizedTest
    @ValueSource(ints = {0, 25})
    void resumingFromACheckpointFileContinuesBitForBit(int datasetSize) throws IOException {
        int steps = 120;
        int k = 13 + datasetSize;
        List<TrialConfig> trials = List.of(trial(FEATURES, HIDDEN, 0.1, 3e-3, 0, steps, 32, datasetSize, 41),
                trial(FEATURES, HIDDEN, 0.3, 6e-3, 0.01, steps, 32, datasetSize, 42));
        double[][] uninterrupted;
        StackState end;
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(trials)) {
            uninterrupted = trainToTheEnd(trainer, steps);
            end = trainer.exportState();
        }
        Path file = dir.resolve("abs.ckpt");
        CheckpointFile.Written written;
        try (TmsAbsStackTrainer first = new TmsAbsStackTrainer(trials)) {
            for (int s = 0; s < k; s++) {
                first.step();
            }
            written = CheckpointFile.write(file, first.exportState(), first.lastLoss());
        }
        StackState saved = CheckpointFile.read(file, written.checksum()).state();
        assertEquals(List.of("W1", "W2", "b_final", "adam_m.W1", "adam_v.W1", "adam_m.W2", "adam_v.W2",
                "adam_m.b_final", "adam_v.b_final"), saved.arrays().stream().map(NamedArray::name).toList());
        try (TmsAbsStackTrainer second = new TmsAbsStackTrainer(trials)) {
            second.restore(saved);
            assertEquals(k, second.stepsDone());
            double[][] resumed = trainToTheEnd(second, steps);
            for (int s = k; s < steps; s++) {
                assertArrayEquals(uninterrupted[s], resumed[s], "loss of step " + (s + 1));
            }
            ExactResumeTest.assertStatesIdentical(end, second.exportState());
        }
    }

    @Test
    void aDivergingInstanceIsFrozenAndTheOthersTrainAsWithoutIt() {
        // Adam moves every weight by about lr in step 1: beyond float range at 1e39
        TrialConfig good = trial(FEATURES, HIDDEN, 0.2, 1e-2, 0, Schedule.CONSTANT, 40, 32, 0, 11);
        TrialConfig absurd = trial(FEATURES, HIDDEN, 0.2, 1e39, 0, Schedule.CONSTANT, 40, 32, 0, 12);
        TrialWeights alone = trainAndGet(List.of(good), 0);
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(List.of(absurd, good))) {
            trainer.step();
            assertArrayEquals(new boolean[]{true, false}, trainer.diverged());
            TrialWeights frozen = trainer.weights(0);
            trainToTheEnd(trainer, good.train().steps());
            assertTrue(Double.isNaN(trainer.lastLoss()[0]), "a diverged instance reports NaN loss");
            assertFalse(Double.isNaN(trainer.lastLoss()[1]));
            assertEquals(frozen, trainer.weights(0), "a frozen instance is not updated");
            assertEquals(alone, trainer.weights(1));
        }
    }

    @Test
    void initialWeightsComeFromTheSeedAndW1IsTheTmsInit() {
        TrialWeights init = TmsAbsStackTrainer.initialWeights(5, HIDDEN, FEATURES);
        assertArrayEquals(InitialWeights.xavierNormal(5, HIDDEN, FEATURES).w(), init.get("W1").data());
        assertArrayEquals(new int[]{FEATURES, HIDDEN}, init.get("W2").shape());
        assertArrayEquals(new float[FEATURES], init.get("b_final").data());
        double sumSquares = 0;
        for (float v : init.get("W2").data()) {
            sumSquares += v * (double) v;
        }
        // Xavier-normal: E[w²] = 2/(H+F) = 0.2; 24 draws, so within a factor of 2
        double meanSquare = sumSquares / (FEATURES * HIDDEN);
        assertTrue(meanSquare > 0.1 && meanSquare < 0.4, "mean square " + meanSquare);
        TrialConfig a = trial(FEATURES, HIDDEN, 0.1, 1e-3, 0, 1, 8, 0, 5);
        TrialConfig b = trial(FEATURES, HIDDEN, 0.1, 1e-3, 0, 1, 8, 0, 6);
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(List.of(b, a))) {
            assertEquals(init, trainer.weights(1), "instance 1 starts from its own seed's weights");
            assertFalse(init.equals(trainer.weights(0)));
        }
    }

    /**
     * With H = 2F hidden units, |x| = ReLU(x) + ReLU(−x) is exactly representable: the loss falls
     * far below that of the zero model, mean_f imp_f·E[x_f²] = mean_f imp_f · p/3.
     */
    @Test
    void learnsTheAbsoluteValue() {
        int features = 3;
        double p = 0.3;
        TrialConfig trial = trial(features, 2 * features, p, 1e-2, 0, 3000, 256, 0, 3);
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(List.of(trial))) {
            double[][] losses = trainToTheEnd(trainer, trial.train().steps());
            double zeroModel = IntStream.range(0, features).mapToDouble(f -> Math.pow(0.9, f)).average().orElseThrow()
                    * p / 3;
            double finalLoss = IntStream.range(2900, 3000).mapToDouble(s -> losses[s][0]).average().orElseThrow();
            assertTrue(finalLoss < 0.02 * zeroModel, "final loss " + finalLoss + " vs zero model " + zeroModel);
        }
    }

    /** A fixed training set is drawn once into one buffer; fresh samples use three prefetched ones. */
    @ParameterizedTest
    @ValueSource(ints = {0, 24})
    void nativeBytesCountEveryPreallocatedBuffer(int datasetSize) {
        int instances = 3;
        int batch = datasetSize > 0 ? datasetSize : 16;
        List<TrialConfig> trials = IntStream.range(0, instances)
                .mapToObj(i -> trial(FEATURES, HIDDEN, 0.1, 1e-3, 0, 10, 16, datasetSize, i)).toList();
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(trials)) {
            assertEquals(batch, trainer.key().batchSize());
            // W1, W2: value, gradient, two moments; b: the same; hidden activations and their
            // gradient; the output gradient; the batch buffers
            int batchBuffers = datasetSize > 0 ? 1 : 3;
            long floats = 8L * instances * HIDDEN * FEATURES + 4L * instances * FEATURES
                    + 2L * instances * batch * HIDDEN + (1L + batchBuffers) * instances * batch * FEATURES;
            assertEquals(4 * floats, trainer.nativeBytes());
        }
    }

    /**
     * Every step's loss is the loss on the trial's training set: recomputed in double precision
     * from the weights before the step and {@link FeatureSampler#trainingSet}, at the first step
     * and after 200. Training lowers it.
     */
    @Test
    void aFixedTrainingSetIsTheBatchOfEveryStep() {
        int size = 12;
        TrialConfig trial = trial(FEATURES, HIDDEN, 0.3, 1e-2, 0, 300, 1024, size, 9);
        INDArray points = Nd4j.create(FeatureSampler.trainingSet(FEATURES, trial.data(), trial.seed()),
                new long[]{1, size, FEATURES}, 'c').castTo(DataType.DOUBLE);
        double[] importance = IntStream.range(0, FEATURES).mapToDouble(f -> Math.pow(0.9, f)).toArray();
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(List.of(trial));
             TmsAbsStack reference = new TmsAbsStack(1, FEATURES, HIDDEN, size, DataType.DOUBLE)) {
            double[] expected = new double[1];
            reference.load(0, trainer.weights(0));
            reference.lossAndGradients(points, importance, expected);
            trainer.step();
            double first = trainer.lastLoss()[0];
            assertEquals(expected[0], first, 1e-6 * expected[0], "loss of step 1");
            for (int s = 1; s < 200; s++) {
                trainer.step();
            }
            reference.load(0, trainer.weights(0));
            reference.lossAndGradients(points, importance, expected);
            trainer.step();
            assertEquals(expected[0], trainer.lastLoss()[0], 1e-6 * expected[0], "loss of step 201");
            assertTrue(trainer.lastLoss()[0] < 0.5 * first, "training loss " + first + " -> " + trainer.lastLoss()[0]);
        }
    }

    @Test
    void rejectsTrialsThatCannotShareAStackAndStepsPastTheEnd() {
        TrialConfig a = trial(FEATURES, HIDDEN, 0.1, 1e-3, 0, 1, 8, 0, 1);
        TrialConfig fixed = trial(FEATURES, HIDDEN, 0.1, 1e-3, 0, 1, 8, 8, 1);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> new TmsAbsStackTrainer(List.of(a, fixed)));
        assertTrue(mixed.getMessage().startsWith("trials in one stack must share"), mixed.getMessage());
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(List.of(a))) {
            trainer.step();
            IllegalStateException done = assertThrows(IllegalStateException.class, trainer::step);
            assertEquals("the stack has already trained all 1 steps", done.getMessage());
        }
        TrialConfig shortImportance = TrialConfig.tms(a.experiment(), a.model(), new DataConfig(0.1,
                Collections.nCopies(3, 1.0), Magnitude.SIGNED_UNIFORM, 0, 0, new DataGenerator.Sparse()), a.train(), 1);
        IllegalArgumentException importance = assertThrows(IllegalArgumentException.class,
                () -> new TmsAbsStackTrainer(List.of(shortImportance)));
        assertEquals("importance must have 6 entries, got 3", importance.getMessage());
    }
}
