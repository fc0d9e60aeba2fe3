package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.data.source.StoredTmsTrial;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which trainer trains a stack of each experiment, and which trials may share a stack. */
public final class StackTrainers {
    private StackTrainers() {
    }

    /**
     * What trials must share to be trained in one stack (tensor shapes, batch, step schedule,
     * and whatever else a stack holds once for all its instances); equal keys may share a stack.
     */
    public static Record stackKey(TrialConfig config) {
        return switch (config.experiment()) {
            case TMS, TMS_NEURON, TMS_ABS -> StackKey.of(config);
            case SAE -> SaeStackKey.of(config);
        };
    }

    /**
     * A trainer for {@code stack}, whose trials all have one {@link #stackKey}.
     *
     * @param home the home directory, where SAE sources find their files and TMS trials
     */
    public static StackTrainer create(List<TrialConfig> stack, Path home) {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one trial");
        }
        return switch (stack.get(0).experiment()) {
            case TMS, TMS_NEURON -> new TmsStackTrainer(stack);
            case TMS_ABS -> new TmsAbsStackTrainer(stack);
            case SAE -> sae(stack, home);
        };
    }

    /**
     * Checks what only the data can tell before anything is written: for SAE sweeps, that every
     * stack's source can be read (files exist and parse, TMS trials are there, and the model and
     * data settings that draw a TMS trial's inputs are the ones stored with it) and its settings
     * fit the data's dimension. Each distinct source is loaded once.
     *
     * @throws dev.superpose.config.BadInputException naming the setting or file at fault
     */
    public static void checkInputs(List<TrialConfig> trials, Path home) {
        Map<Record, TrialConfig> stacks = new LinkedHashMap<>();
        trials.stream().filter(c -> c.experiment() == Experiment.SAE)
                .forEach(c -> stacks.putIfAbsent(stackKey(c), c));
        Map<String, TrialConfig> tmsTrials = new HashMap<>();
        trials.stream().filter(c -> c.experiment() == Experiment.SAE && c.source().producer() == SourceKind.TMS)
                .forEach(c -> StoredTmsTrial.requireAgreement(c, tmsTrials.computeIfAbsent(c.source().trial(),
                        trial -> StoredTmsTrial.read(home, trial))));
        Map<SaeDataKey, int[]> dimensions = new HashMap<>();
        SaeDataLoader loader = new SaeDataLoader(home);
        for (TrialConfig first : stacks.values()) {
            int[] dims = dimensions.computeIfAbsent(SaeDataKey.of(first), key -> {
                SaeData data = loader.load(key);
                return new int[]{data.dim(), data.targetDim()};
            });
            SaeSpecs.stack(first, SaeSpecs.shape(first, dims[0], dims[1]));
        }
    }

    private static StackTrainer sae(List<TrialConfig> stack, Path home) {
        TrialConfig first = stack.get(0);
        SaeData data = new SaeDataLoader(home).load(SaeDataKey.of(first));
        SaeStackSpec spec = SaeSpecs.stack(first, SaeSpecs.shape(first, data.dim(), data.targetDim()));
        return new SaeStackTrainer(spec, SaeSpecs.instances(stack, spec.latents()), data.train(), data.trainTarget());
    }
}
