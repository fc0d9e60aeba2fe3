package dev.superpose.config;

/** {@code train.*}: optimisation of one trial. {@code logEvery}: loss is recorded every N steps. */
public record TrainConfig(int steps, int batchSize, double lr, Optimizer optimizer, double weightDecay,
                          Schedule schedule, int warmupSteps, int logEvery) {
}
