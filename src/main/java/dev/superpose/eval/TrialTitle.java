package dev.superpose.eval;

import dev.superpose.config.TrialSpec;

import java.util.stream.Collectors;

/** How figures name a trial: by its grid point, or by id and seed when the sweep has no grid. */
final class TrialTitle {
    private TrialTitle() {
    }

    /** "feature-probability=0.02, variant=linear" from the grid point (last path segments). */
    static String of(TrialSpec trial) {
        if (trial.gridPoint().isEmpty()) {
            return trial.trialId() + " (seed " + trial.seed() + ")";
        }
        return trial.gridPoint().entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format("%.3g", d);
        }
        return String.valueOf(value);
    }
}
