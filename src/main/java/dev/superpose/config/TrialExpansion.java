package dev.superpose.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a grid into trials: the cross product of the axes (the last axis varying fastest)
 * times the seeds (innermost). Every grid point is validated by {@link PointReader}.
 *
 * @param trials   in expansion order
 * @param warnings distinct warnings over all grid points
 */
record TrialExpansion(List<TrialSpec> trials, List<String> warnings) {
    /**
     * Guards against a typo such as n = 1000000 in a sequence: each trial's config costs about 2 KB
     * of heap and a millisecond or more to build, so 10^6 trials would exhaust a default heap (and
     * take many minutes) before anything was checked. The count is estimated from the axis sizes
     * first, before any trial exists.
     */
    static final long MAX_TRIALS = 100_000;

    static TrialExpansion expand(SweepHeader header, Config base, List<GridAxis> axes) {
        double points = 1; // a double cannot overflow while we check the size
        for (GridAxis axis : axes) {
            points *= axis.values().size();
        }
        double total = points * header.seeds().size();
        if (total > MAX_TRIALS) {
            throw new SettingException(KnownSettings.GRID, "at most " + MAX_TRIALS + " trials (grid points x"
                    + " sweep.seeds)", String.format("%.0f grid points x %d seeds = %.0f trials", points,
                    header.seeds().size(), total));
        }
        int count = (int) total;
        int width = Math.max(4, String.valueOf(count).length());
        List<TrialSpec> trials = new ArrayList<>(count);
        Set<String> warnings = new LinkedHashSet<>();
        int[] position = new int[axes.size()];
        for (int p = 0; p < (int) points; p++) {
            Config config = base;
            Map<String, Object> point = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) {
                ConfigValue value = axes.get(a).values().get(position[a]);
                config = config.withValue(axes.get(a).path(), value);
                point.put(axes.get(a).path(), value.unwrapped());
            }
            PointSettings settings = read(header.experiment(), config, point);
            warnings.addAll(PlanWarnings.of(settings));
            for (long seed : header.seeds()) {
                int index = trials.size();
                String id = String.format("t%0" + width + "d", index);
                trials.add(new TrialSpec(id, index, seed, point, settings.withSeed(seed)));
            }
            advance(position, axes);
        }
        return new TrialExpansion(trials, List.copyOf(warnings));
    }

    private static PointSettings read(Experiment experiment, Config config, Map<String, Object> point) {
        try {
            return PointReader.read(experiment, config);
        } catch (SettingException e) {
            throw point.isEmpty() ? e : e.atGridPoint(point);
        }
    }

    /** Steps the odometer {@code position} by one, the last axis fastest. */
    private static void advance(int[] position, List<GridAxis> axes) {
        for (int a = axes.size() - 1; a >= 0; a--) {
            if (++position[a] < axes.get(a).values().size()) {
                return;
            }
            position[a] = 0;
        }
    }
}
