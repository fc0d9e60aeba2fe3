package dev.superpose.config;

/** Everything that determines one trial's training trajectory: its resolved config and seed. */
public record TrialConfig(Experiment experiment, ModelConfig model, DataConfig data, TrainConfig train,
                          long seed) {
}
