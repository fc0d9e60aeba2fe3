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
 * @param recipe        sharkey: how feature presence is drawn
 * @param moments       gaussian: per-dimension or one scalar mean and std
 * @param ffnInit       ffn: how the random MLP is initialised
 * @param seedPerTrial  the data (and split, MLP, batch order) drawn from each trial's seed instead
 *                      of {@code seed}; then {@code seed} is unused
 */
public record SourceConfig(SourceKind kind, SourceKind base, String trial, int dim, int features,
                           double meanActive, double probabilityDecay, int samples, String path,
                           Standardization standardization, double testFraction, long seed, SharkeyRecipe recipe,
                           GaussianMoments moments, FfnInit ffnInit, boolean seedPerTrial) {

    /** The same settings with the data drawn from {@code dataSeed}. */
    public SourceConfig withSeed(long dataSeed) {
        return new SourceConfig(kind, base, trial, dim, features, meanActive, probabilityDecay, samples, path,
                standardization, testFraction, dataSeed, recipe, moments, ffnInit, seedPerTrial);
    }

    /** {@code source.recipe}: how a sharkey source draws which features are present. */
    public enum SharkeyRecipe {
        /** a Gaussian copula with exact marginals ∝ decay^i (superpose's form) */
        COPULA("copula"),
        /** superposition/datasets/sharkey.py of the random-transformer SAE study, line by line */
        STUDY("study");

        private final String id;

        SharkeyRecipe(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code source.gaussian-moments}: what a gaussian source copies from its base. */
    public enum GaussianMoments {
        /** each dimension's own mean and std */
        PER_DIMENSION("per-dimension"),
        /** one mean and one std over all values (ddof 1), as the study's l1_coef.py */
        SCALAR("scalar");

        private final String id;

        GaussianMoments(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** {@code source.ffn-init}: the random MLP of the ffn controls. */
    public enum FfnInit {
        /** no biases, W₁ ~ N(0, 2/d), W₂ ~ N(0, 1/(4d)): keeps the input's scale */
        HE("he"),
        /**
         * PyTorch's default nn.Linear (weights and biases U(±1/√fan_in)), as the study's ffn.py;
         * the base's true features are pushed through the same MLP and stay the ground truth
         */
        PYTORCH("pytorch");

        private final String id;

        FfnInit(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

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
