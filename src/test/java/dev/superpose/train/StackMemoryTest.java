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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The planning estimate of a TMS stack's native memory is what its trainer holds when the batch
 * is a fixed training set (one batch buffer, nothing drawn ahead), on every path.
 */
class StackMemoryTest {
    private static final int INSTANCES = 3;
    private static final int DATASET_SIZE = 40;

    /** 300 → 2 trains in plain Java (SparseRowTmsPass), 5 → 2 too (FusedTmsPass), 7 → 2 natively. */
    @ParameterizedTest
    @CsvSource({"300, 2", "5, 2", "7, 2"})
    void aTmsEstimateIsWhatTheTrainerHolds(int features, int hidden) {
        List<TrialConfig> trials = trials(Experiment.TMS, features, hidden);
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials)) {
            assertEquals(trainer.nativeBytes(), StackMemory.tmsBytes(trials.get(0), INSTANCES));
        }
    }

    @Test
    void aTmsAbsEstimateIsWhatTheTrainerHolds() {
        List<TrialConfig> trials = trials(Experiment.TMS_ABS, 6, 4);
        try (TmsAbsStackTrainer trainer = new TmsAbsStackTrainer(trials)) {
            assertEquals(trainer.nativeBytes(), StackMemory.tmsBytes(trials.get(0), INSTANCES));
        }
    }

    /** The double-descent stack at T = 2000: W, b, their gradients and two moments, and the data; no activations. */
    @Test
    void aDoubleDescentStackCountsNoActivations() {
        TrialConfig trial = trial(Experiment.TMS, 1000, 2, 2000, 0);
        long floats = INSTANCES * (4L * (2 * 1000 + 1000) + 2000L * 1000);
        assertEquals(4 * floats, StackMemory.tmsBytes(trial, INSTANCES));
    }

    private static List<TrialConfig> trials(Experiment experiment, int features, int hidden) {
        return IntStream.range(0, INSTANCES).mapToObj(i -> trial(experiment, features, hidden, DATASET_SIZE, i))
                .toList();
    }

    private static TrialConfig trial(Experiment experiment, int features, int hidden, int datasetSize, long seed) {
        return TrialConfig.tms(experiment, new ModelConfig(features, hidden, Variant.RELU_OUTPUT),
                new DataConfig(0.1, Collections.nCopies(features, 1.0), Magnitude.SIGNED_UNIFORM, FeatureSets.NONE,
                        false, datasetSize, new DataGenerator.Sparse()),
                new TrainConfig(10, 1024, 1e-3, Optimizer.ADAMW, 0, Schedule.CONSTANT, 0, 5), seed);
    }
}
