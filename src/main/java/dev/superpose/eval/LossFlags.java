package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.store.StepLoss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * trials.csv's {@code loss_flag}: trials whose numbers a reader should not take at face value.
 * <ul>
 * <li>{@code outlier}: the final loss is above {@value #OUTLIER_RATIO} × the median final loss of
 * the other seeds of its grid point (a seed stuck in a worse local optimum);</li>
 * <li>{@code diverging}: the mean of the last tenth of its logged losses is above
 * {@value #DIVERGING_RATIO} × the lowest mean of any earlier stretch of the same length (the loss
 * climbed back up while staying finite; a non-finite loss is already status {@code diverged}).</li>
 * </ul>
 * Both give {@code outlier+diverging}; a trial with neither has an empty flag.
 */
final class LossFlags {
    static final double OUTLIER_RATIO = 1.5;
    static final double DIVERGING_RATIO = 2;

    private LossFlags() {
    }

    /**
     * @param finalLosses final training loss per trial id (finite ones only take part)
     * @param curves      logged losses per trial id, in step order
     * @return the flag of every trial of the plan that has one, by trial id
     */
    static Map<String, String> of(SweepPlan plan, Map<String, Double> finalLosses, Map<String, List<StepLoss>> curves) {
        Map<Map<String, Object>, List<TrialSpec>> points = new LinkedHashMap<>();
        plan.trials().forEach(t -> points.computeIfAbsent(t.gridPoint(), k -> new ArrayList<>()).add(t));
        Map<String, String> flags = new HashMap<>();
        for (List<TrialSpec> seeds : points.values()) {
            for (TrialSpec trial : seeds) {
                Double loss = finalLosses.get(trial.trialId());
                double[] others = seeds.stream().filter(t -> t != trial).map(t -> finalLosses.get(t.trialId()))
                        .filter(l -> l != null && Double.isFinite(l)).mapToDouble(Double::doubleValue).toArray();
                boolean outlier = loss != null && Double.isFinite(loss) && others.length > 0
                        && loss > OUTLIER_RATIO * median(others);
                boolean diverging = diverging(curves.getOrDefault(trial.trialId(), List.of()));
                if (outlier || diverging) {
                    flags.put(trial.trialId(), outlier && diverging ? "outlier+diverging" : outlier ? "outlier" : "diverging");
                }
            }
        }
        return flags;
    }

    /** Whether the last tenth of the curve averages above {@link #DIVERGING_RATIO} × its best stretch of that length. */
    static boolean diverging(List<StepLoss> curve) {
        int n = curve.size();
        int window = Math.max(1, n / 10);
        if (n < 2 * window || n < 2) {
            return false;
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + curve.get(i).loss();
        }
        double last = (prefix[n] - prefix[n - window]) / window;
        double best = Double.POSITIVE_INFINITY;
        for (int start = 0; start + window <= n - window; start++) {
            best = Math.min(best, (prefix[start + window] - prefix[start]) / window);
        }
        return Double.isFinite(last) && last > DIVERGING_RATIO * best;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
