package dev.superpose.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free local minimisation (Nelder and Mead's simplex method, standard coefficients).
 * The losses it minimises here are only piecewise smooth (ReLU kinks), which the simplex method
 * tolerates. It is restarted from its own result until a restart no longer improves, the usual
 * remedy for a simplex that collapsed before reaching the minimum.
 */
final class NelderMead {
    /** A local minimum: where and how low. */
    record Minimum(double[] point, double value) {
    }

    private static final double REFLECT = 1;
    private static final double EXPAND = 2;
    private static final double CONTRACT = 0.5;
    private static final double SHRINK = 0.5;
    private static final int MAX_RESTARTS = 5;

    private final ToDoubleFunction<double[]> f;
    private final double step;
    private final double tolerance;
    private final int maxEvaluations;

    /**
     * @param f              the function to minimise
     * @param step           the initial simplex's edge along each coordinate
     * @param tolerance      stop when the simplex's values and coordinates all lie within this of the best
     * @param maxEvaluations a bound on evaluations per run (each restart gets as many)
     */
    NelderMead(ToDoubleFunction<double[]> f, double step, double tolerance, int maxEvaluations) {
        this.f = f;
        this.step = step;
        this.tolerance = tolerance;
        this.maxEvaluations = maxEvaluations;
    }

    Minimum minimize(double[] start) {
        Minimum best = run(start);
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            Minimum again = run(best.point());
            if (!(again.value() < best.value() - tolerance)) {
                return again.value() < best.value() ? again : best;
            }
            best = again;
        }
        return best;
    }

    private Minimum run(double[] start) {
        int n = start.length;
        double[][] simplex = new double[n + 1][];
        double[] values = new double[n + 1];
        simplex[0] = start.clone();
        for (int i = 0; i < n; i++) {
            simplex[i + 1] = start.clone();
            simplex[i + 1][i] += step;
        }
        for (int i = 0; i <= n; i++) {
            values[i] = f.applyAsDouble(simplex[i]);
        }
        int evaluations = n + 1;
        Integer[] order = new Integer[n + 1];
        while (true) {
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            double[] v = values;
            Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
            int best = order[0];
            int worst = order[n];
            int secondWorst = order[n - 1];
            if (evaluations >= maxEvaluations || converged(simplex, values, best)) {
                return new Minimum(simplex[best].clone(), values[best]);
            }
            double[] centroid = new double[n];
            for (int i = 0; i <= n; i++) {
                if (i != worst) {
                    for (int j = 0; j < n; j++) {
                        centroid[j] += simplex[i][j] / n;
                    }
                }
            }
            double[] reflected = along(centroid, simplex[worst], -REFLECT);
            double reflectedValue = f.applyAsDouble(reflected);
            evaluations++;
            if (reflectedValue < values[best]) {
                double[] expanded = along(centroid, simplex[worst], -EXPAND);
                double expandedValue = f.applyAsDouble(expanded);
                evaluations++;
                boolean expand = expandedValue < reflectedValue;
                simplex[worst] = expand ? expanded : reflected;
                values[worst] = expand ? expandedValue : reflectedValue;
            } else if (reflectedValue < values[secondWorst]) {
                simplex[worst] = reflected;
                values[worst] = reflectedValue;
            } else {
                // Contract towards the better of the worst point and its reflection.
                boolean outside = reflectedValue < values[worst];
                double[] contracted = along(centroid, simplex[worst], outside ? -CONTRACT : CONTRACT);
                double contractedValue = f.applyAsDouble(contracted);
                evaluations++;
                if (contractedValue < Math.min(reflectedValue, values[worst])) {
                    simplex[worst] = contracted;
                    values[worst] = contractedValue;
                } else {
                    for (int i = 0; i <= n; i++) {
                        if (i != best) {
                            simplex[i] = along(simplex[best], simplex[i], SHRINK);
                            values[i] = f.applyAsDouble(simplex[i]);
                        }
                    }
                    evaluations += n;
                }
            }
        }
    }

    /** origin + t·(point − origin). */
    private static double[] along(double[] origin, double[] point, double t) {
        double[] result = new double[origin.length];
        for (int j = 0; j < origin.length; j++) {
            result[j] = origin[j] + t * (point[j] - origin[j]);
        }
        return result;
    }

    private boolean converged(double[][] simplex, double[] values, int best) {
        for (int i = 0; i < simplex.length; i++) {
            if (Math.abs(values[i] - values[best]) > tolerance) {
                return false;
            }
            for (int j = 0; j < simplex[i].length; j++) {
                if (Math.abs(simplex[i][j] - simplex[best][j]) > tolerance) {
                    return false;
                }
            }
        }
        return true;
    }
}
