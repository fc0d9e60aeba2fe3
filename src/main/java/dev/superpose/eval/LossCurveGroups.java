package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.report.LossCurvesFigure;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * How the loss-curve figure colours a sweep's trials so that its legend can be read. Up to
 * {@link LossCurvesFigure#MAX_LEGEND_ENTRIES} grid points, each point is a colour (its seeds share
 * it). A larger grid (the 13 x 13 phase diagrams: 169 points) is coloured by one gridded setting,
 * the one with most values that still fit a legend, so the reader sees how loss depends on it;
 * the title says which setting and how many curves are drawn.
 */
record LossCurveGroups(String colouredPath, long gridPoints) {
    static LossCurveGroups of(SweepPlan plan) {
        long points = plan.trials().stream().map(TrialSpec::gridPoint).distinct().count();
        if (points <= LossCurvesFigure.MAX_LEGEND_ENTRIES) {
            return new LossCurveGroups(null, points);
        }
        Optional<String> path = plan.gridPaths().stream()
                .filter(p -> distinctValues(plan, p) <= LossCurvesFigure.MAX_LEGEND_ENTRIES)
                .max(Comparator.comparingLong(p -> distinctValues(plan, p)));
        return new LossCurveGroups(path.orElse(null), points);
    }

    /** The legend entry {@code trial}'s curve belongs to; null for a curve of its own without a legend. */
    String groupOf(TrialSpec trial) {
        if (gridPoints <= LossCurvesFigure.MAX_LEGEND_ENTRIES) {
            return TrialTitle.of(trial);
        }
        return colouredPath == null ? null
                : TrialTitle.of(Map.of(colouredPath, trial.gridPoint().get(colouredPath)));
    }

    /** What the figure's title adds: empty when every grid point has its own legend entry. */
    String titleNote(int curves) {
        if (gridPoints <= LossCurvesFigure.MAX_LEGEND_ENTRIES) {
            return "";
        }
        return colouredPath == null
                ? " (" + curves + " curves over " + gridPoints + " grid points: too many values for a legend)"
                : " (" + curves + " curves, coloured by " + TrialTitle.name(colouredPath) + ")";
    }

    private static long distinctValues(SweepPlan plan, String path) {
        return plan.trials().stream().map(t -> t.gridPoint().get(path)).distinct().count();
    }
}
