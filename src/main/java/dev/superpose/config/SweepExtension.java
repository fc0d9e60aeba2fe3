package dev.superpose.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a changed config only adds trials to a stored sweep: the same settings, the same grid
 * axes in the same order, and every stored seed and grid value still there, with more seeds or
 * values besides. The stored trials then keep their meaning and results, and only the new ones
 * need training.
 */
public final class SweepExtension {
    private static final String SEEDS = "seeds";
    private static final String GRID = "grid";

    private SweepExtension() {
    }

    /**
     * Why {@code newCanonical} is not an extension of {@code oldCanonical} (both
     * {@link SweepPlan#canonicalConfig()}), or empty when it is one.
     */
    public static Optional<String> whyNot(String oldCanonical, String newCanonical) {
        Map<String, Object> before = parse(oldCanonical);
        Map<String, Object> after = parse(newCanonical);
        Map<String, Object> oldSweep = sweep(before);
        Map<String, Object> newSweep = sweep(after);
        List<String> others = ConfigDiff.describe(CanonicalJson.render(withoutTrials(before)),
                CanonicalJson.render(withoutTrials(after)));
        if (!others.isEmpty()) {
            return Optional.of("settings other than the seeds and the grid's values changed");
        }
        List<String> missing = new ArrayList<>();
        missingValues(SEEDS, list(oldSweep.get(SEEDS)), list(newSweep.get(SEEDS)), missing);
        List<Object> oldAxes = list(oldSweep.get(GRID));
        List<Object> newAxes = list(newSweep.get(GRID));
        if (!axisPaths(oldAxes).equals(axisPaths(newAxes))) {
            return Optional.of("the grid's axes changed (" + axisPaths(oldAxes) + " -> " + axisPaths(newAxes) + ")");
        }
        for (int a = 0; a < oldAxes.size(); a++) {
            Map.Entry<String, Object> oldAxis = entry(oldAxes.get(a));
            missingValues(oldAxis.getKey(), list(oldAxis.getValue()), list(entry(newAxes.get(a)).getValue()), missing);
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("values that have trials were removed (" + String.join("; ", missing) + ")");
    }

    /** A key equal for equal (grid point, seed) pairs however their numbers were written. */
    public static String trialKey(Map<String, ?> gridPoint, long seed) {
        return seed + " " + CanonicalJson.render(gridPoint);
    }

    private static void missingValues(String what, List<Object> before, List<Object> after, List<String> missing) {
        Set<String> kept = new TreeSet<>();
        after.forEach(v -> kept.add(CanonicalJson.render(v)));
        List<String> gone = before.stream().map(CanonicalJson::render).filter(v -> !kept.contains(v)).toList();
        if (!gone.isEmpty()) {
            missing.add(what + " lost " + gone);
        }
    }

    private static Map<String, Object> withoutTrials(Map<String, Object> config) {
        Map<String, Object> copy = new HashMap<>(config);
        Map<String, Object> sweep = new HashMap<>(sweep(config));
        sweep.remove(SEEDS);
        sweep.put(GRID, axisPaths(list(sweep.get(GRID))));
        copy.put("sweep", sweep);
        return copy;
    }

    private static List<String> axisPaths(List<Object> axes) {
        return axes.stream().map(axis -> entry(axis).getKey()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, Object> entry(Object axis) {
        return ((Map<String, Object>) axis).entrySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sweep(Map<String, Object> config) {
        return (Map<String, Object>) config.get("sweep");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static Map<String, Object> parse(String canonical) {
        return ConfigFactory.parseString(canonical, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                .root().unwrapped();
    }
}
