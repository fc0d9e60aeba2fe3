package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Picks what per-grid-point figures show: one trial per grid point, the one whose final training
 * loss is lowest. Seeds of one grid point differ only in their initialisation and data draws, so a
 * higher loss means the optimiser stopped in a worse local optimum (at p = 1 in tms-intro one seed
 * keeps 3 features where the others find the paper's 2 orthogonal ones); the figure shows the
 * solution the setting leads to, as the papers' figures do.
 */
final class GridPoints {
    private GridPoints() {
    }

    /**
     * The lowest-loss trial of each grid point, in grid order; among equal losses the lower seed.
     * Trials whose loss is missing or not finite are only shown where a grid point has nothing else.
     * With more than {@code max} grid points, each grid axis is thinned to evenly spaced values
     * (its first and last kept), the axis with most values first, until at most {@code max} remain:
     * a 13 x 13 phase grid then shows 6 x 6 points spanning both ranges instead of its first rows.
     */
    static <T> List<T> lowestLossPerPoint(List<T> trials, Function<T, FinishedTrial> trial, int max) {
        Map<Map<String, Object>, T> best = new LinkedHashMap<>();
        for (T t : trials) {
            best.merge(trial.apply(t).spec().gridPoint(), t, (kept, other) -> better(trial.apply(other),
                    trial.apply(kept)) ? other : kept);
        }
        if (best.size() <= max) {
            return List.copyOf(best.values());
        }
        Map<String, Set<Object>> kept = evenlyThinnedAxes(best.keySet(), max);
        return best.entrySet().stream()
                .filter(e -> e.getKey().entrySet().stream().allMatch(v -> kept.get(v.getKey()).contains(v.getValue())))
                .map(Map.Entry::getValue)
                .limit(max) // a grid that is not a full product may still hold more after thinning
                .toList();
    }

    /** Per grid path, the values kept so that the product of the kept counts is at most {@code max}. */
    private static Map<String, Set<Object>> evenlyThinnedAxes(Set<Map<String, Object>> points, int max) {
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        for (Map<String, Object> point : points) {
            point.forEach((path, value) -> {
                List<Object> values = axes.computeIfAbsent(path, p -> new ArrayList<>());
                if (!values.contains(value)) {
                    values.add(value);
                }
            });
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        axes.forEach((path, values) -> counts.put(path, values.size()));
        while (counts.values().stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact) > max) {
            String widest = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            if (counts.get(widest) == 1) {
                break;
            }
            counts.merge(widest, -1, Integer::sum);
        }
        Map<String, Set<Object>> kept = new LinkedHashMap<>();
        axes.forEach((path, values) -> kept.put(path, evenlySpaced(values, counts.get(path))));
        return kept;
    }

    /** {@code k} of {@code values}, evenly spaced, the first and (for k > 1) the last included. */
    private static Set<Object> evenlySpaced(List<Object> values, int k) {
        Set<Object> chosen = new LinkedHashSet<>();
        for (int j = 0; j < k; j++) {
            chosen.add(values.get(k == 1 ? 0 : (int) Math.round(j * (values.size() - 1) / (double) (k - 1))));
        }
        return chosen;
    }

    /**
     * What a figure title adds so readers know which seed each panel shows and, when the figure
     * holds fewer panels than the grid has points, how many of them.
     */
    static String selectionNote(SweepPlan plan, int panels) {
        long points = plan.trials().stream().map(TrialSpec::gridPoint).distinct().count();
        long seeds = plan.trials().size() / Math.max(1, points);
        List<String> parts = new ArrayList<>();
        if (panels < points) {
            parts.add(panels + " of " + points + " grid points, spread evenly; all in trials.csv");
        }
        if (seeds > 1) {
            parts.add("each panel: the lowest-loss of " + seeds + " seeds");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /** The final training loss stored with the trial's metrics, NaN when there is none. */
    static double loss(FinishedTrial trial) {
        Double loss = Json.readObject(trial.row().metricsJson(), Double.class).get("loss");
        return loss == null ? Double.NaN : loss;
    }

    private static boolean better(FinishedTrial candidate, FinishedTrial kept) {
        double a = loss(candidate);
        double b = loss(kept);
        if (Double.isFinite(a) != Double.isFinite(b)) {
            return Double.isFinite(a);
        }
        if (Double.isFinite(a) && a != b) {
            return a < b;
        }
        return candidate.spec().seed() < kept.spec().seed();
    }
}
