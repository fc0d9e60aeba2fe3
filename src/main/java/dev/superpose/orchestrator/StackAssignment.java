package dev.superpose.orchestrator;

import dev.superpose.config.TrialConfig;

import java.util.List;

/**
 * One stack of trials to be trained together: trial {@code trialIds.get(i)} is instance i and
 * is trained with {@code configs.get(i)}. All configs share one {@link dev.superpose.train.StackTrainers#stackKey stack key}.
 */
public record StackAssignment(String stackId, List<String> trialIds, List<TrialConfig> configs)
        implements CborSerializable {
    public StackAssignment {
        trialIds = List.copyOf(trialIds);
        configs = List.copyOf(configs);
        if (trialIds.isEmpty() || trialIds.size() != configs.size()) {
            throw new IllegalArgumentException("stack " + stackId + " needs one config per trial");
        }
    }

    public int size() {
        return trialIds.size();
    }

    public long steps() {
        return configs.get(0).train().steps();
    }
}
