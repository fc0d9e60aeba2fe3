package dev.superpose.eval;

import dev.superpose.config.TrialSpec;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** How figures name a trial: by its grid point, or by id and seed when the sweep has no grid. */
final class TrialTitle {
    /** The literature's symbols for settings that panels title often, so titles fit a panel. */
    private static final Map<String, String> SYMBOLS = Map.of(
            "data.feature-probability", "p",
            "data.last-importance", "r",
            "data.dataset-size", "T",
            "data.anticorrelated-mode", "mode",
            "data.importance-decay", "decay",
            "sae.l1-coefficient", "λ");

    private TrialTitle() {
    }

    /** "p=0.02, variant=linear" from the grid point (a symbol or the last path segment, then the value). */
    static String of(TrialSpec trial) {
        if (trial.gridPoint().isEmpty()) {
            return trial.trialId() + " (seed " + trial.seed() + ")";
        }
        return without(trial, Set.of());
    }

    /**
     * The grid point without the settings in {@code shownElsewhere} (those a figure gives per panel
     * or on an axis), so that rows of panels differ in name wherever their settings differ; empty
     * when nothing else is gridded.
     */
    static String without(TrialSpec trial, Set<String> shownElsewhere) {
        return trial.gridPoint().entrySet().stream()
                .filter(e -> !shownElsewhere.contains(e.getKey()))
                .map(e -> name(e.getKey()) + "=" + format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** "p=0.0100" for one gridded setting and its value. */
    static String of(Map<String, Object> settings) {
        return settings.entrySet().stream().map(e -> name(e.getKey()) + "=" + format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A setting's symbol, or the last segment of its path. */
    static String name(String path) {
        return SYMBOLS.getOrDefault(path, path.substring(path.lastIndexOf('.') + 1));
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format("%.3g", d);
        }
        return String.valueOf(value);
    }
}
