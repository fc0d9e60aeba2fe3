package dev.superpose.config;

import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.Resampling;
import com.typesafe.config.Config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Settings a user wrote (in the file, a {@code --set} or as a grid axis) that no trial of the
 * sweep reads, e.g. {@code model.hidden} for an SAE over a TMS trial, whose hidden size is the
 * trial's. Each becomes a warning that says why, so that nothing a user set is dropped silently.
 * A setting counts as read when at least one trial reads it (a grid over {@code data.kind} reads
 * {@code data.lomax-shape} at its lomax points).
 */
final class UnreadSettings {
    /** Whether a trial reads the setting, and if not, why not. */
    private record Rule(Predicate<TrialConfig> reads, Function<TrialConfig, String> why) {
        Rule and(Rule inner) {
            return new Rule(t -> reads.test(t) && inner.reads.test(t), t -> reads.test(t) ? inner.why.apply(t) : why.apply(t));
        }
    }

    private static final Rule SAE_SECTIONS = new Rule(t -> t.experiment() == Experiment.SAE,
            t -> "experiment " + t.experiment().id() + " has no sparse autoencoder (sae and source are read by experiment sae)");
    private static final Rule TMS_SECTIONS = new Rule(
            t -> t.experiment() != Experiment.SAE || t.source().producer().drawsTmsInputs(),
            t -> "experiment sae with source.kind = " + t.source().kind().id()
                    + " draws no TMS inputs (model and data are read only by a tms or projection source)");
    private static final Map<String, Rule> SECTIONS = Map.of("sae", SAE_SECTIONS, "source", SAE_SECTIONS,
            "model", TMS_SECTIONS, "data", TMS_SECTIONS);

    private static final Map<String, Rule> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("model.hidden", new Rule(t -> t.experiment() != Experiment.SAE,
                t -> "a tms source takes the hidden size from source.trial's weights, a projection source from"
                        + " source.dim"));
        SETTINGS.put("model.variant", new Rule(t -> t.experiment() == Experiment.TMS || t.experiment() == Experiment.TMS_NEURON,
                t -> "experiment " + t.experiment().id() + " has no output variant"));
        for (String importance : List.of("data.importance-decay", "data.importance", "data.last-importance")) {
            SETTINGS.put(importance, new Rule(t -> t.experiment() != Experiment.SAE,
                    t -> "an SAE's loss does not weight the TMS features"));
        }
        SETTINGS.put("data.feature-probability", kinds(DataKind.SPARSE, DataKind.LOMAX));
        SETTINGS.put("data.correlated-sets", kinds(DataKind.SPARSE, DataKind.LOMAX));
        SETTINGS.put("data.anticorrelated-sets", kinds(DataKind.SPARSE, DataKind.LOMAX));
        SETTINGS.put("data.set-size", kinds(DataKind.SPARSE, DataKind.LOMAX).and(new Rule(
                t -> t.data().sets().correlated() + t.data().sets().anticorrelated() > 0,
                t -> "there are no feature sets (data.correlated-sets = data.anticorrelated-sets = 0)")));
        SETTINGS.put("data.anticorrelated-mode", kinds(DataKind.SPARSE, DataKind.LOMAX).and(new Rule(
                t -> t.data().sets().anticorrelated() > 0, t -> "data.anticorrelated-sets = 0")));
        SETTINGS.put("data.magnitude", kinds(DataKind.SPARSE, DataKind.CLUSTERED, DataKind.SHARKEY));
        SETTINGS.put("data.lomax-shape", kinds(DataKind.LOMAX));
        for (String topic : List.of("data.topics", "data.topic-beta", "data.topic-concentration")) {
            SETTINGS.put(topic, kinds(DataKind.CLUSTERED));
        }
        SETTINGS.put("data.probability-decay", kinds(DataKind.SHARKEY));
        SETTINGS.put("data.mean-active", kinds(DataKind.SHARKEY));
        SETTINGS.put("train.batch-size", new Rule(t -> t.experiment() == Experiment.SAE || t.data().datasetSize() == 0,
                t -> "data.dataset-size = " + t.data().datasetSize() + " trains on the whole data set every step"));
        SETTINGS.put("train.warmup-steps", new Rule(t -> t.train().schedule() == Schedule.WARMUP_COSINE,
                t -> "train.schedule = " + t.train().schedule().id() + " (only warmup-cosine warms up)"));
        SETTINGS.put("sae.latents", new Rule(t -> t.sae().expansion() == 0,
                t -> "sae.expansion = " + t.sae().expansion() + " sets the dictionary size"));
        Rule usesK = new Rule(t -> t.sae().architecture().usesK(),
                t -> "sae.architecture = " + t.sae().architecture().id() + " keeps no fixed number of latents");
        for (String k : List.of("sae.k", "sae.aux-k", "sae.aux-coefficient")) {
            SETTINGS.put(k, usesK);
        }
        // topk and batchtopk add the L1 on top of their rule when l1-coefficient > 0
        SETTINGS.put("sae.l1-coefficient", new Rule(t -> t.sae().architecture() != SaeArchitecture.JUMPRELU,
                t -> "sae.architecture = jumprelu weighs an L0 (sae.l0-coefficient)"));
        SETTINGS.put("sae.matryoshka-prefixes", new Rule(t -> t.sae().architecture() == SaeArchitecture.MATRYOSHKA,
                t -> "sae.architecture = " + t.sae().architecture().id()));
        for (String jump : List.of("sae.jumprelu-bandwidth", "sae.jumprelu-threshold", "sae.l0-coefficient")) {
            SETTINGS.put(jump, new Rule(t -> t.sae().architecture() == SaeArchitecture.JUMPRELU,
                    t -> "sae.architecture = " + t.sae().architecture().id()));
        }
        SETTINGS.put("sae.l1-reduction", new Rule(t -> t.sae().architecture() != SaeArchitecture.JUMPRELU,
                t -> "sae.architecture = jumprelu weighs an L0 (sae.l0-coefficient)"));
        SETTINGS.put("sae.resample-every", new Rule(t -> t.sae().resampling() != Resampling.NONE,
                t -> "sae.resample = none"));
        SETTINGS.put("sae.encoder-from-decoder", new Rule(t -> !t.sae().tied() && t.sae().init() == Initialisation.UNIT_ROWS,
                t -> t.sae().tied() ? "sae.tied = true" : "sae.init = study starts the encoder as nn.Linear does"));
        SETTINGS.put("source.base", sources(t -> t.source().kind().derived(), "only gaussian, ffn and gaussian-ffn have a base"));
        SETTINGS.put("source.trial", sources(t -> t.source().producer() == SourceKind.TMS, "only a tms source reads a trial"));
        SETTINGS.put("source.dim", sources(t -> t.source().producer() == SourceKind.SHARKEY
                || t.source().producer() == SourceKind.PROJECTION, "only sharkey and projection sources read it"));
        for (String sharkey : List.of("source.features", "source.mean-active", "source.probability-decay")) {
            SETTINGS.put(sharkey, sources(t -> t.source().producer() == SourceKind.SHARKEY, "only a sharkey source reads it"));
        }
        SETTINGS.put("source.samples", sources(t -> t.source().producer() == SourceKind.SHARKEY
                || t.source().producer().drawsTmsInputs(), "a file source has the file's samples"));
        SETTINGS.put("source.path", sources(t -> t.source().producer() == SourceKind.GLOVE
                || t.source().producer() == SourceKind.NPY, "only glove and npy sources read a file"));
        SETTINGS.put("source.recipe", sources(t -> t.source().producer() == SourceKind.SHARKEY,
                "only a sharkey source has a recipe"));
        SETTINGS.put("source.gaussian-moments", sources(t -> t.source().kind() == SourceKind.GAUSSIAN
                || t.source().kind() == SourceKind.GAUSSIAN_FFN, "only gaussian and gaussian-ffn draw Gaussian values"));
        SETTINGS.put("source.ffn-init", sources(t -> t.source().kind() == SourceKind.FFN
                || t.source().kind() == SourceKind.GAUSSIAN_FFN, "only ffn and gaussian-ffn have an MLP"));
    }

    private UnreadSettings() {
    }

    private static Rule kinds(DataKind... kinds) {
        List<DataKind> reading = List.of(kinds);
        return new Rule(t -> reading.contains(t.data().generator().kind()),
                t -> "data.kind = " + t.data().generator().kind().id() + " does not read it");
    }

    private static Rule sources(Predicate<TrialConfig> reads, String why) {
        return new Rule(reads, t -> "source.kind = " + t.source().kind().id() + ": " + why);
    }

    /**
     * @param written  setting paths the user wrote (outside the grid) or swept, e.g. {@code model.hidden}
     * @param resolved the resolved config, for the values in the messages
     * @param axes     the grid axis paths
     * @param trials   every trial of the sweep
     */
    static List<String> warnings(Collection<String> written, Config resolved, Collection<String> axes, List<TrialSpec> trials) {
        List<String> warnings = new ArrayList<>();
        for (String path : written) {
            Rule rule = ruleOf(path);
            if (rule == null || trials.stream().anyMatch(t -> rule.reads().test(t.config()))) {
                continue;
            }
            String what = axes.contains(path) ? "grid axis " + path : path + " = " + (resolved.hasPath(path) ? Settings.render(resolved.getValue(path)) : "null");
            warnings.add(what + " is not read: " + rule.why().apply(trials.get(0).config()) + "; it has no effect");
        }
        return warnings;
    }

    private static Rule ruleOf(String path) {
        Rule section = SECTIONS.get(path.substring(0, path.indexOf('.')));
        Rule setting = SETTINGS.get(path);
        if (section == null) {
            return setting;
        }
        return setting == null ? section : section.and(setting);
    }
}
