package dev.superpose.config;

/**
 * {@code source.*}: where an {@code sae} sweep's activations come from. The data is a property of
 * the stack (every SAE of a stack trains on the same batches), drawn from {@code seed}, not from
 * the trial seeds, which set only each SAE's initialisation.
 *
 * @param trial         tms: {@code <sweep>/<trial_id>} of a finished TMS trial
 * @param base          gaussian, ffn: the source they imitate or transform
 * @param dim           sharkey: activation dimension h
 * @param features      sharkey: ground-truth features G
 * @param samples       generated samples (sharkey, tms), training and test together
 * @param path          glove, npy: the file, relative to the home directory's data/ or absolute
 * @param testFraction  share of the samples held out for evaluation
 * @param tensor        safetensors: the tensor to read; null: the file's only 2-D tensor
 * @param transformer   transformer: model, weights, hook and text
 */
public record SourceConfig(SourceKind kind, SourceKind base, String trial, int dim, int features,
                           double meanActive, double probabilityDecay, int samples, String path,
                           Standardization standardization, double testFraction, long seed,
                           String tensor, TransformerConfig transformer) {

    /** {@code source.standardize}: per-sample preprocessing. */
    public enum Standardization {
        NONE("none"),
        /** each sample scaled to unit L2 norm */
        UNIT_NORM("unit-norm"),
        /** each sample centred and scaled to unit variance over its dimensions */
        ZSCORE("z-score");

        private final String id;

        Standardization(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The kind that produces the data: {@link #base} for derived kinds, else {@link #kind}. */
    public SourceKind producer() {
        return kind.derived() ? base : kind;
    }
}
