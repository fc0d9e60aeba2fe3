package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.data.source.StoredTmsTrial;

import dev.superpose.model.sae.SaeShape;

import java.nio.file.Path;
import java.util.ArrayList;
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
     * fit the data's dimension; for every sweep, that its largest stacks fit in {@code memory}.
     * Each distinct source is loaded once.
     *
     * @param stackSize sweep.stack-size: the most trials one stack holds
     * @throws dev.superpose.config.BadInputException naming the setting or file at fault
     */
    public static void checkInputs(List<TrialConfig> trials, Path home, int stackSize, StackMemory memory) {
        Map<String, TrialConfig> tmsTrials = new HashMap<>();
        trials.stream().filter(c -> c.experiment() == Experiment.SAE && c.source().producer() == SourceKind.TMS)
                .forEach(c -> StoredTmsTrial.requireAgreement(c, tmsTrials.computeIfAbsent(c.source().trial(),
                        trial -> StoredTmsTrial.read(home, trial))));
        Map<Record, List<TrialConfig>> byKey = new LinkedHashMap<>();
        trials.forEach(c -> byKey.computeIfAbsent(stackKey(c), key -> new ArrayList<>()).add(c));
        int stacks = byKey.values().stream().mapToInt(group -> (group.size() + stackSize - 1) / stackSize).sum();
        Map<SaeDataKey, int[]> dimensions = new HashMap<>();
        SaeDataLoader loader = new SaeDataLoader(home);
        for (List<TrialConfig> group : byKey.values()) {
            TrialConfig first = group.get(0);
            int instances = Math.min(stackSize, group.size());
            switch (first.experiment()) {
                case TMS, TMS_NEURON, TMS_ABS -> {
                    memory.require(StackMemory.tmsBytes(first, instances), instances, stacks, tmsSettings(first));
                    memory.requireHeap(StackMemory.tmsEvaluationBytes(first), "model.features = "
                            + first.model().features());
                }
                case SAE -> {
                    int[] dims = dimensions.computeIfAbsent(SaeDataKey.of(first), key -> {
                        SaeData data = loader.load(key);
                        return new int[]{data.dim(), data.targetDim()};
                    });
                    SaeStackSpec spec = SaeSpecs.stack(first, SaeSpecs.shape(first, dims[0], dims[1]));
                    SaeShape shape = spec.shape();
                    memory.require(StackMemory.saeBytes(instances, shape.inputs(), shape.outputs(), spec.latents(),
                                    spec.batchSize()), instances, stacks, spec.latents() + " SAE latents (sae.latents /"
                                    + " sae.expansion) on " + shape.inputs() + " inputs, train.batch-size = "
                                    + spec.batchSize());
                }
            }
        }
    }

    private static String tmsSettings(TrialConfig config) {
        // A fixed training set is one batch, whatever train.batch-size says.
        int datasetSize = config.data().datasetSize();
        String batch = datasetSize > 0 ? "data.dataset-size = " + datasetSize
                : "train.batch-size = " + config.train().batchSize();
        return "model.features = " + config.model().features() + ", model.hidden = " + config.model().hidden()
                + ", " + batch;
    }

    private static StackTrainer sae(List<TrialConfig> stack, Path home) {
        TrialConfig first = stack.get(0);
        SaeData data = new SaeDataLoader(home).load(SaeDataKey.of(first));
        SaeStackSpec spec = SaeSpecs.stack(first, SaeSpecs.shape(first, data.dim(), data.targetDim()));
        return new SaeStackTrainer(spec, SaeSpecs.instances(stack, spec.latents()), data.train(), data.trainTarget());
    }
}
