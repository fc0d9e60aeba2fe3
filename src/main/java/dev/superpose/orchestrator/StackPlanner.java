package dev.superpose.orchestrator;

import dev.superpose.config.TrialSpec;
import dev.superpose.train.StackTrainers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a sweep's trials into stacks: trials with the same {@linkplain StackTrainers#stackKey stack key} (same tensor shapes
 * and step schedule) are trained together, at most {@code stackSize} per stack. The packing
 * depends only on the plan, so a resumed run finds the same stack ids.
 */
public final class StackPlanner {
    private StackPlanner() {
    }

    public static List<StackAssignment> plan(List<TrialSpec> trials, int stackSize) {
        return plan(trials, stackSize, 0);
    }

    /** As {@link #plan(List, int)}, numbering the stacks from {@code firstNumber} (trials added to a sweep). */
    public static List<StackAssignment> plan(List<TrialSpec> trials, int stackSize, int firstNumber) {
        if (stackSize < 1) {
            throw new IllegalArgumentException("stack size must be >= 1, got " + stackSize);
        }
        Map<Record, List<TrialSpec>> groups = new LinkedHashMap<>();
        for (TrialSpec trial : trials) {
            groups.computeIfAbsent(StackTrainers.stackKey(trial.config()), k -> new ArrayList<>()).add(trial);
        }
        List<StackAssignment> stacks = new ArrayList<>();
        for (List<TrialSpec> group : groups.values()) {
            for (int from = 0; from < group.size(); from += stackSize) {
                List<TrialSpec> members = group.subList(from, Math.min(group.size(), from + stackSize));
                stacks.add(new StackAssignment(String.format("s%04d", firstNumber + stacks.size()),
                        members.stream().map(TrialSpec::trialId).toList(),
                        members.stream().map(TrialSpec::config).toList()));
            }
        }
        return stacks;
    }
}
