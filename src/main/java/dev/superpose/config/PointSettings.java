package dev.superpose.config;

/** The validated settings of one grid point: a {@link TrialConfig} still missing its seed. */
record PointSettings(Experiment experiment, ModelConfig model, DataConfig data, TrainConfig train, SaeConfig sae,
                     SourceConfig source) {

    TrialConfig withSeed(long seed) {
        return new TrialConfig(experiment, model, data, train, sae, source, seed);
    }
}
