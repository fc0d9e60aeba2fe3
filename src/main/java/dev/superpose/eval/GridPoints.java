package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * The lowest-loss trial of each grid point, in grid order, at most {@code max}; among equal
     * losses the lower seed. Trials whose loss is missing or not finite are only shown where a
     * grid point has nothing else.
     */
    static <T> List<T> lowestLossPerPoint(List<T> trials, Function<T, FinishedTrial> trial, int max) {
        Map<Map<String, Object>, T> best = new LinkedHashMap<>();
        for (T t : trials) {
            best.merge(trial.apply(t).spec().gridPoint(), t, (kept, other) -> better(trial.apply(other),
                    trial.apply(kept)) ? other : kept);
        }
        return best.values().stream().limit(max).toList();
    }

    /** What a figure title adds so readers know which seed a panel shows; empty with one seed per grid point. */
    static String selectionNote(SweepPlan plan) {
        long points = plan.trials().stream().map(TrialSpec::gridPoint).distinct().count();
        long seeds = plan.trials().size() / Math.max(1, points);
        return seeds > 1 ? " (each panel: the lowest-loss of " + seeds + " seeds)" : "";
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
