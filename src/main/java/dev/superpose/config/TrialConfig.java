package dev.superpose.config;

/**
 * Everything that determines one trial's training trajectory: its resolved config and seed.
 * {@code sae} and {@code source} are read for every experiment (and validated) but used only by
 * {@link Experiment#SAE}; model and data only by the TMS experiments.
 */
public record TrialConfig(Experiment experiment, ModelConfig model, DataConfig data, TrainConfig train,
                          SaeConfig sae, SourceConfig source, long seed) {

    /** A TMS trial built in code rather than read from a sweep file: without sae and source sections. */
    public static TrialConfig tms(Experiment experiment, ModelConfig model, DataConfig data, TrainConfig train,
                                  long seed) {
        return new TrialConfig(experiment, model, data, train, null, null, seed);
    }
}
