package dev.superpose.config;

import java.util.List;

/**
 * A validated sweep, ready to run: every trial with its resolved config, plus the sweep's
 * identity. Built by {@link SweepLoader}.
 *
 * @param policy          how the sweep is run (not part of its identity)
 * @param gridPaths       the grid's setting paths in expansion order (trials.csv columns)
 * @param trials          all trials in expansion order; {@code trials.get(i).index() == i}
 * @param canonicalConfig the resolved config (defaults, file, overrides) as canonical JSON;
 *                        store it to explain a refused resume with {@link ConfigDiff}
 * @param configHash      SHA-256 (hex) of {@code canonicalConfig}; equal hash = same sweep
 * @param warnings        settings that are valid but probably unintended, one line each
 */
public record SweepPlan(String name, Experiment experiment, RunPolicy policy, List<String> gridPaths,
                        List<TrialSpec> trials, String canonicalConfig, String configHash, List<String> warnings) {
    public SweepPlan {
        gridPaths = List.copyOf(gridPaths);
        trials = List.copyOf(trials);
        warnings = List.copyOf(warnings);
    }
}
