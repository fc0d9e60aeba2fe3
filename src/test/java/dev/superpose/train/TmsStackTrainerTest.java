package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.superpose.train.TestTrials.trial;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TmsStackTrainerTest {

    private static TmsWeights trainAndGet(List<TrialConfig> trials, int instance) {
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials)) {
            while (trainer.stepsDone() < trials.get(0).train().steps()) {
                trainer.step();
            }
            return trainer.tmsWeights(instance);
        }
    }

    @ParameterizedTest
    @CsvSource({"TMS, LINEAR", "TMS, RELU_OUTPUT", "TMS_NEURON, RELU_OUTPUT"})
    void aTrialEndsTheSameAloneOrInsideAStackOfNine(Experiment experiment, Variant variant) {
        int steps = 300;
        TrialConfig target = trial(experiment, variant, 6, 3, 0.1, 0.9, 1e-2, 0.01, Optimizer.ADAMW,
                Schedule.WARMUP_COSINE, steps, 64, 7);
        List<TrialConfig> stack = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            stack.add(i == 5 ? target : trial(experiment, variant, 6, 3, 0.05 * (i + 1), 0.8 + 0.02 * i,
                    1e-3 * (i + 1), 0.001 * i, Optimizer.ADAMW, Schedule.WARMUP_COSINE, steps, 64, 100 + i));
        }
        TmsWeights alone = trainAndGet(List.of(target), 0);
        TmsWeights stacked = trainAndGet(stack, 5);
        assertClose(alone.w(), stacked.w());
        assertClose(alone.bias(), stacked.bias());
    }

    /** 5 features in 2 dimensions train in plain Java, instance by instance: the same to the last bit. */
    @ParameterizedTest
    @CsvSource({"TMS, LINEAR", "TMS, RELU_OUTPUT", "TMS_NEURON, RELU_OUTPUT"})
    void aTinyTrialEndsBitForBitTheSameAloneOrInsideAStack(Experiment experiment, Variant variant) {
        int steps = 200;
        TrialConfig target = trial(experiment, variant, 5, 2, 0.1, 0.9, 1e-2, 0.01, Optimizer.ADAMW,
                Schedule.WARMUP_COSINE, steps, 100, 7);
        List<TrialConfig> stack = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stack.add(i == 2 ? target : trial(experiment, variant, 5, 2, 0.05 * (i + 1), 0.8 + 0.02 * i,
                    1e-3 * (i + 1), 0.001 * i, Optimizer.ADAMW, Schedule.WARMUP_COSINE, steps, 100, 100 + i));
        }
        TmsWeights alone = trainAndGet(List.of(target), 0);
        TmsWeights stacked = trainAndGet(stack, 2);
        assertArrayEquals(alone.w(), stacked.w());
        assertArrayEquals(alone.bias(), stacked.bias());
    }

    /** 300 features in 2 dimensions train in plain Java row by row (sparse inputs): the same to the last bit. */
    @ParameterizedTest
    @CsvSource({"TMS, LINEAR", "TMS, RELU_OUTPUT", "TMS_NEURON, RELU_OUTPUT"})
    void aWideTrialEndsBitForBitTheSameAloneOrInsideAStack(Experiment experiment, Variant variant) {
        int steps = 60;
        TrialConfig target = trial(experiment, variant, 300, 2, 0.02, 0.99, 1e-2, 0.01, Optimizer.ADAMW,
                Schedule.WARMUP_COSINE, steps, 70, 7);
        List<TrialConfig> stack = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stack.add(i == 1 ? target : trial(experiment, variant, 300, 2, 0.01 * (i + 1), 0.98 + 0.005 * i,
                    1e-3 * (i + 1), 0.001 * i, Optimizer.ADAMW, Schedule.WARMUP_COSINE, steps, 70, 100 + i));
        }
        TmsWeights alone = trainAndGet(List.of(target), 0);
        TmsWeights stacked = trainAndGet(stack, 1);
        assertArrayEquals(alone.w(), stacked.w());
        assertArrayEquals(alone.bias(), stacked.bias());
    }

    private static void assertClose(float[] expected, float[] actual) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            diff += (expected[k] - actual[k]) * (double) (expected[k] - actual[k]);
            norm += expected[k] * (double) expected[k];
        }
        assertTrue(norm > 0, "parameters are all zero: the comparison would be vacuous");
        assertTrue(Math.sqrt(diff / norm) <= 1e-5, "relative difference " + Math.sqrt(diff / norm));
    }

    /**
     * The paper's qualitative result for 5 features in 2 dimensions with importance 0.9^i:
     * sparse features (p = 0.02) are superposed, more than 2 get an embedding; dense features
     * (p = 1) are not, only about 2 do.
     */
    @Test
    void sparseFeaturesAreSuperposedAndDenseOnesAreNot() {
        int steps = 3000;
        TrialConfig sparse = trial(Experiment.TMS, Variant.RELU_OUTPUT, 5, 2, 0.02, 0.9, 1e-2, 0, Optimizer.ADAM,
                Schedule.CONSTANT, steps, 1024, 1);
        TrialConfig dense = trial(Experiment.TMS, Variant.RELU_OUTPUT, 5, 2, 1.0, 0.9, 1e-2, 0, Optimizer.ADAM,
                Schedule.CONSTANT, steps, 1024, 2);
        try (TmsStackTrainer trainer = new TmsStackTrainer(List.of(sparse, dense))) {
            while (trainer.stepsDone() < steps) {
                trainer.step();
            }
            double[] loss = trainer.lastLoss();
            // zero model: mean over f of 0.9^f·E[x_f²] with E[x²] = p/3
            double meanImportance = IntStream.range(0, 5).mapToDouble(f -> Math.pow(0.9, f)).average().orElseThrow();
            assertTrue(loss[0] < 0.5 * 0.02 / 3 * meanImportance, "sparse loss " + loss[0]);
            assertTrue(loss[1] < 0.7 * 1.0 / 3 * meanImportance, "dense loss " + loss[1]);
            assertTrue(representedFeatures(trainer.tmsWeights(0)) > 2, "sparse model represents > 2 features");
            assertEquals(2, representedFeatures(trainer.tmsWeights(1)), "dense model represents 2 features");
        }
    }

    /** Features whose embedding W_i has norm above 0.5. */
    private static int representedFeatures(TmsWeights weights) {
        int count = 0;
        for (int i = 0; i < weights.features(); i++) {
            double norm2 = 0;
            for (int h = 0; h < weights.hidden(); h++) {
                norm2 += weights.w(h, i) * weights.w(h, i);
            }
            count += norm2 > 0.25 ? 1 : 0;
        }
        return count;
    }

    @Test
    void rejectsTrialsThatCannotShareAStackAndStepsPastTheEnd() {
        TrialConfig a = trial(Experiment.TMS, Variant.LINEAR, 5, 2, 0.1, 0.9, 1e-3, 0, Optimizer.ADAM,
                Schedule.CONSTANT, 1, 8, 1);
        TrialConfig b = trial(Experiment.TMS, Variant.LINEAR, 6, 2, 0.1, 0.9, 1e-3, 0, Optimizer.ADAM,
                Schedule.CONSTANT, 1, 8, 1);
        assertThrows(IllegalArgumentException.class, () -> new TmsStackTrainer(List.of(a, b)));
        try (TmsStackTrainer trainer = new TmsStackTrainer(List.of(a))) {
            trainer.step();
            assertEquals(1, trainer.stepsDone());
            assertThrows(IllegalStateException.class, trainer::step);
        }
    }

    @Test
    void nativeBytesCountEveryPreallocatedBuffer() {
        int instances = 3, features = 7, hidden = 2, batch = 16;
        List<TrialConfig> trials = IntStream.range(0, instances).mapToObj(i -> TestTrials.trial(Experiment.TMS,
                Variant.RELU_OUTPUT, features, hidden, 0.1, 0.9, 1e-3, 0, Optimizer.ADAM, Schedule.CONSTANT, 10,
                batch, i)).toList();
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials)) {
            // W, its gradient, the input path's gradient and Adam's two moments of W; b, its gradient and
            // two moments; hidden activations and their gradient; the output gradient and 3 prefetched batches.
            long floats = 5L * instances * hidden * features + 4L * instances * features
                    + 2L * instances * batch * hidden + 4L * instances * batch * features;
            assertEquals(4 * floats, trainer.nativeBytes());
        }
    }
}
