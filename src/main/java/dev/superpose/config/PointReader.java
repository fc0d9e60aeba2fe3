package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates the model/data/train settings of one grid point. This is the single
 * validation path: the base config and every grid value (applied with
 * {@link Config#withValue}) pass through it, so a grid value is checked exactly like the
 * scalar it replaces, including the checks that relate several settings.
 */
final class PointReader {
    private PointReader() {
    }

    static PointSettings read(Experiment experiment, Config config) {
        Settings settings = new Settings(config);
        ModelConfig model = model(experiment, settings);
        DataConfig data = data(model, settings);
        if (experiment == Experiment.TMS_ABS && !(data.generator() instanceof DataGenerator.Lomax)
                && data.magnitude() != Magnitude.SIGNED_UNIFORM) {
            // the absolute value of a non-negative input is the input itself: nothing to compute
            throw new SettingException("data.magnitude", Magnitude.SIGNED_UNIFORM.id() + " for experiment "
                    + experiment.id() + " (|x| of non-negative x is x)", "\"" + data.magnitude().id() + "\"");
        }
        SaeConfig sae = SaeReader.sae(settings);
        SourceConfig source = SaeReader.source(settings, experiment == Experiment.SAE);
        if (experiment == Experiment.SAE) {
            SaeReader.checkTarget(sae, source);
        }
        return new PointSettings(experiment, model, data, train(settings), sae, source);
    }

    private static ModelConfig model(Experiment experiment, Settings s) {
        int features = s.integer("model.features", 1);
        int hidden = s.integer("model.hidden", 1);
        Variant variant = s.oneOf("model.variant", Variant.values(), Variant::id);
        if (experiment == Experiment.TMS_NEURON && variant == Variant.LINEAR) {
            // tms-neuron's ReLU hidden layer is the point of the experiment; a linear variant contradicts it
            throw new SettingException("model.variant", Variant.RELU_OUTPUT.id() + " for experiment "
                    + experiment.id() + " (a linear variant is not meaningful there)", "\"linear\"");
        }
        return new ModelConfig(features, hidden, variant);
    }

    private static DataConfig data(ModelConfig model, Settings s) {
        DataGenerator generator = generator(model, s);
        boolean sparsePresence = generator instanceof DataGenerator.Sparse || generator instanceof DataGenerator.Lomax;
        FeatureSets sets = new FeatureSets(s.integer("data.correlated-sets", 0), s.integer("data.anticorrelated-sets", 0),
                s.integer("data.set-size", 1), s.oneOf("data.anticorrelated-mode", AnticorrelatedMode.values(),
                AnticorrelatedMode::id));
        if (sparsePresence && sets.groupedFeatures() > model.features()) {
            throw new SettingException(sets.anticorrelated() > 0 ? "data.anticorrelated-sets" : "data.correlated-sets",
                    "(correlated-sets + anticorrelated-sets) * set-size <= model.features = " + model.features(),
                    "(" + sets.correlated() + " + " + sets.anticorrelated() + ") * " + sets.size());
        }
        // members that exclude each other, each present with probability p, need set-size * p <= 1
        boolean exclusive = sparsePresence && sets.anticorrelated() > 0 && sets.mode() == AnticorrelatedMode.AT_MOST_ONE;
        double maxProbability = exclusive ? 1.0 / sets.size() : 1;
        double probability = s.number("data.feature-probability", p -> p >= 0 && p <= maxProbability,
                exclusive ? "a number in [0, 1 / data.set-size = " + maxProbability + "] when data.anticorrelated-sets > 0"
                        + " with anticorrelated-mode " + AnticorrelatedMode.AT_MOST_ONE.id() : "a number in [0, 1]");
        return new DataConfig(probability, importance(model.features(), s),
                s.oneOf("data.magnitude", Magnitude.values(), Magnitude::id), sets, s.bool("data.unit-norm"),
                s.integer("data.dataset-size", 0), generator);
    }

    /**
     * {@code data.kind} with its settings. Every kind's settings are range-checked whatever the
     * kind (a typo is caught before it is swept in); checks against other settings apply only
     * to the kind that reads them.
     */
    private static DataGenerator generator(ModelConfig model, Settings s) {
        DataKind kind = s.oneOf("data.kind", DataKind.values(), DataKind::id);
        double lomaxShape = s.number("data.lomax-shape", x -> x > 0, "a number > 0");
        int topics = s.integer("data.topics", 1);
        double[] beta = topicBeta(s);
        double concentration = s.number("data.topic-concentration", x -> x > 0, "a number > 0");
        double decay = s.number("data.probability-decay", x -> x > 0 && x <= 1, "a number in (0, 1]");
        boolean sharkey = kind == DataKind.SHARKEY;
        double meanActive = s.number("data.mean-active", x -> x > 0 && (!sharkey || x <= model.features()),
                sharkey ? "a number in (0, model.features = " + model.features() + "] for data.kind = sharkey"
                        : "a number > 0");
        return switch (kind) {
            case SPARSE -> new DataGenerator.Sparse();
            case LOMAX -> new DataGenerator.Lomax(lomaxShape);
            case CLUSTERED -> new DataGenerator.Clustered(topics, beta[0], beta[1], concentration);
            case SHARKEY -> new DataGenerator.Sharkey(decay, meanActive);
        };
    }

    /** {@code data.topic-beta = [a, b]}, both > 0. */
    private static double[] topicBeta(Settings s) {
        String expectation = "a list of two numbers [a, b], both > 0";
        List<? extends ConfigValue> values = s.nonEmptyList("data.topic-beta", expectation);
        if (values.size() != 2 || values.stream().anyMatch(v -> v.valueType() != ConfigValueType.NUMBER
                || !(((Number) v.unwrapped()).doubleValue() > 0))) {
            throw new SettingException("data.topic-beta", expectation, Settings.render(s.valueOrNull("data.topic-beta")));
        }
        return values.stream().mapToDouble(v -> ((Number) v.unwrapped()).doubleValue()).toArray();
    }

    /** {@code data.importance} when set, else decay^i; then the last one replaced by {@code data.last-importance}. */
    private static List<Double> importance(int features, Settings s) {
        List<Double> importance = baseImportance(features, s);
        if (s.valueOrNull("data.last-importance") != null) {
            importance.set(features - 1, s.number("data.last-importance", x -> x > 0, "a number > 0"));
        }
        return importance;
    }

    private static List<Double> baseImportance(int features, Settings s) {
        double decay = s.number("data.importance-decay", d -> d > 0, "a number > 0");
        ConfigValue explicit = s.valueOrNull("data.importance");
        if (explicit == null) {
            List<Double> importance = new ArrayList<>(features);
            for (int i = 0; i < features; i++) {
                importance.add(Math.pow(decay, i));
            }
            return importance;
        }
        List<ConfigValue> values = NumericSequence.values("data.importance", explicit);
        if (values.size() != features) {
            throw new SettingException("data.importance", features + " values (one per model.features)",
                    values.size() + " values");
        }
        List<Double> importance = new ArrayList<>(features);
        for (ConfigValue value : values) {
            if (value.valueType() != ConfigValueType.NUMBER || ((Number) value.unwrapped()).doubleValue() < 0) {
                throw new SettingException("data.importance", "numbers >= 0", Settings.render(value));
            }
            importance.add(((Number) value.unwrapped()).doubleValue());
        }
        return importance;
    }

    private static TrainConfig train(Settings s) {
        int steps = s.integer("train.steps", 1);
        int batchSize = s.integer("train.batch-size", 1);
        double lr = s.number("train.lr", x -> x > 0, "a number > 0");
        Optimizer optimizer = s.oneOf("train.optimizer", Optimizer.values(), Optimizer::id);
        double weightDecay = s.number("train.weight-decay", x -> x >= 0, "a number >= 0");
        if (weightDecay > 0 && optimizer == Optimizer.ADAM) {
            // plain Adam has no decoupled decay; silently ignoring the setting would mislead
            throw new SettingException("train.weight-decay", "0 with optimizer adam (use optimizer = adamw"
                    + " for weight decay)", Settings.render(s.valueOrNull("train.weight-decay")));
        }
        Schedule schedule = s.oneOf("train.schedule", Schedule.values(), Schedule::id);
        int warmupSteps = s.integerIn("train.warmup-steps", 0, steps,
                "an integer in [0, train.steps = " + steps + "]");
        int logEvery = s.integer("train.log-every", 1);
        return new TrainConfig(steps, batchSize, lr, optimizer, weightDecay, schedule, warmupSteps, logEvery);
    }
}
