package dev.superpose.train;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Experiment;
import dev.superpose.config.Magnitude;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrainConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;

import java.util.List;
import java.util.stream.IntStream;

/** Trial configs for the trainer tests: importance decays geometrically, warm-up 20 steps, loss logged every 50. */
final class TestTrials {
    private TestTrials() {
    }

    static TrialConfig trial(Experiment experiment, Variant variant, int features, int hidden, double p,
                             double importanceDecay, double lr, double weightDecay, Optimizer optimizer,
                             Schedule schedule, int steps, int batch, long seed) {
        List<Double> importance = IntStream.range(0, features).mapToObj(f -> Math.pow(importanceDecay, f)).toList();
        return TrialConfig.tms(experiment, new ModelConfig(features, hidden, variant),
                new DataConfig(p, importance, Magnitude.UNIFORM, 0, 0, new DataGenerator.Sparse()),
                new TrainConfig(steps, batch, lr, optimizer, weightDecay, schedule, 20, 50), seed);
    }
}
