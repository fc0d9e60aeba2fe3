package dev.superpose.train;

import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataLoader;

import java.nio.file.Path;
import java.util.List;

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

    private static StackTrainer sae(List<TrialConfig> stack, Path home) {
        TrialConfig first = stack.get(0);
        SaeData data = new SaeDataLoader(home).load(first.source(), first.model(), first.data());
        return new SaeStackTrainer(SaeSpecs.stack(first, data.dim()), SaeSpecs.instances(stack), data.train());
    }
}
