package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The theoretical phase diagrams of Elhage et al. 2022 ("toy model of the toy model"): for each
 * cell (relative importance r of the extra feature, density p = 1 − S) the lowest expected loss
 * among the paper's natural solutions, computed exactly ({@link ExpectedLoss}) for uniform [0, 1]
 * magnitudes and a ReLU output.
 *
 * <p>Candidates, one feature more than dimensions, the last feature being the extra one:
 * <ul>
 *   <li>2 in 1: W = [1, 0] (extra not learned), W = [0, 1] (extra replaces the other) and the
 *       antipodal pair W = [a, c], c &lt; 0 at the start;</li>
 *   <li>3 in 2: W ⊥ e_3 (extra not learned), W ⊥ e_1 (extra replaces feature 1), W ⊥ e_2 + e_3
 *       (extra antipodal with feature 2, feature 1 dedicated) and W ⊥ e_1 + e_2 (features 1 and 2
 *       antipodal, extra dedicated). By the symmetry of features 1 and 2 the remaining choices are
 *       the same solutions; the paper leaves out the triangle W ⊥ e_1 + e_2 + e_3, and so does this.</li>
 * </ul>
 * A dropped feature's output is its mean p/2 through the bias, the best a constant can do; a
 * dedicated feature is reconstructed exactly. An antipodal pair's lengths a, c and biases are
 * minimised numerically (Nelder–Mead from a = 1, c = −1, b = 0, the paper's W = [1, −1]), which
 * improves on the paper's fixed unit weights where the two features' importances differ. The pair
 * is free to shrink one partner to nothing, so where a non-superposed solution is better the pair
 * becomes it; the winner is therefore named by {@link PhaseClassifier} from its weights, the same
 * way learned models are, rather than by how it was built. Orthogonal blocks do not interact, so a
 * 3-in-2 antipodal candidate is the 2-in-1 pair optimum plus a dedicated feature.
 */
public final class AnalyticPhase {
    private static final double TOLERANCE = 1e-11;
    private static final int MAX_EVALUATIONS = 4000;
    private static final double INITIAL_STEP = 0.1;
    /** Relative loss difference below which two candidates tie. */
    private static final double TIE = 1e-12;

    private AnalyticPhase() {
    }

    /** The analytic optimum of one cell. */
    public static PhaseOptimum optimum(PhaseDiagram diagram, double relativeImportance, double density) {
        return new Solver().optimum(diagram, relativeImportance, density);
    }

    /**
     * The analytic optima of a grid of cells: {@code result[row][column]} is the cell with density
     * {@code densities[row]} and relative importance {@code relativeImportances[column]}. Pair optima
     * that do not depend on r (3 in 2: the two other features' pair) are computed once per density.
     */
    public static PhaseOptimum[][] grid(PhaseDiagram diagram, double[] relativeImportances, double[] densities) {
        Solver solver = new Solver();
        PhaseOptimum[][] grid = new PhaseOptimum[densities.length][relativeImportances.length];
        for (int row = 0; row < densities.length; row++) {
            for (int column = 0; column < relativeImportances.length; column++) {
                grid[row][column] = solver.optimum(diagram, relativeImportances[column], densities[row]);
            }
        }
        return grid;
    }

    /** Builds candidates for cells, remembering pair optima by (importances, density). */
    private static final class Solver {
        private final Map<List<Double>, double[]> pairs = new HashMap<>();

        PhaseOptimum optimum(PhaseDiagram diagram, double r, double p) {
            if (!(r > 0 && Double.isFinite(r))) {
                throw new IllegalArgumentException("relative importance must be positive and finite, got " + r);
            }
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("density (1 - S) must be in (0, 1], got " + p);
            }
            double[] importance = diagram.importance(r);
            List<PhaseCandidate> candidates = new ArrayList<>();
            double mean = p / 2; // E[x_i]: the best constant output for a dropped feature
            if (diagram == PhaseDiagram.TWO_IN_ONE) {
                candidates.add(candidate(PhaseRegime.EXTRA_NOT_LEARNED, 1, new double[]{1, 0},
                        new double[]{0, mean}, importance, p));
                candidates.add(candidate(PhaseRegime.EXTRA_REPLACES_OTHER, 1, new double[]{0, 1},
                        new double[]{mean, 0}, importance, p));
                double[] q = pair(1, r, p);
                candidates.add(candidate(PhaseRegime.EXTRA_ANTIPODAL, 1, new double[]{q[0], q[1]},
                        new double[]{q[2], q[3]}, importance, p));
            } else {
                candidates.add(candidate(PhaseRegime.EXTRA_NOT_LEARNED, 2, new double[]{1, 0, 0, 0, 1, 0},
                        new double[]{0, 0, mean}, importance, p));
                candidates.add(candidate(PhaseRegime.EXTRA_REPLACES_OTHER, 2, new double[]{0, 1, 0, 0, 0, 1},
                        new double[]{mean, 0, 0}, importance, p));
                double[] q = pair(1, r, p);
                candidates.add(candidate(PhaseRegime.EXTRA_ANTIPODAL, 2, new double[]{1, 0, 0, 0, q[0], q[1]},
                        new double[]{0, q[2], q[3]}, importance, p));
                double[] o = pair(1, 1, p);
                candidates.add(candidate(PhaseRegime.OTHERS_ANTIPODAL, 2, new double[]{o[0], o[1], 0, 0, 0, 1},
                        new double[]{o[2], o[3], 0}, importance, p));
            }
            PhaseCandidate best = candidates.get(0);
            for (PhaseCandidate c : candidates) {
                // Ties (equal up to rounding, as the two pairs at r = 1) keep the earlier, simpler candidate.
                if (c.expectedLoss() < best.expectedLoss() * (1 - TIE)) {
                    best = c;
                }
            }
            return new PhaseOptimum(PhaseClassifier.classify(best.weights(), diagram.extraFeature()), best,
                    candidates);
        }

        /**
         * The (a, c, b_1, b_2) minimising the expected loss of two features in one dimension,
         * W = [a, c], with importances {@code i1}, {@code i2}, starting from the antipodal W = [1, −1].
         */
        private double[] pair(double i1, double i2, double p) {
            return pairs.computeIfAbsent(List.of(i1, i2, p), key -> {
                double[] importance = {i1, i2};
                NelderMead search = new NelderMead(q -> ExpectedLoss.reluOutput(
                        new double[][]{{q[0] * q[0], q[0] * q[1]}, {q[0] * q[1], q[1] * q[1]}},
                        new double[]{q[2], q[3]}, importance, p), INITIAL_STEP, TOLERANCE, MAX_EVALUATIONS);
                return search.minimize(new double[]{1, -1, 0, 0}).point();
            });
        }

        /** A candidate with W [hidden, features] row-major {@code w} and bias {@code b}, its loss computed in double. */
        private static PhaseCandidate candidate(PhaseRegime construction, int hidden, double[] w, double[] b,
                                                double[] importance, double p) {
            int features = b.length;
            double[][] columns = new double[features][hidden];
            float[] wf = new float[w.length];
            float[] bf = new float[features];
            for (int h = 0; h < hidden; h++) {
                for (int i = 0; i < features; i++) {
                    columns[i][h] = w[h * features + i];
                    wf[h * features + i] = (float) w[h * features + i];
                }
            }
            for (int i = 0; i < features; i++) {
                bf[i] = (float) b[i];
            }
            double loss = ExpectedLoss.reluOutput(Gram.ofRows(columns), b, importance, p);
            return new PhaseCandidate(construction, new TmsWeights(hidden, features, wf, bf), loss);
        }
    }
}
