package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link PhaseRegime} off a model's weights, learned or analytic, from the lengths of
 * the feature embeddings W_i and the cosines between them.
 *
 * <p>A feature is represented when ||W_i|| exceeds {@link TmsAnalysis#REPRESENTED_NORM}. Represented
 * features that are not orthogonal (|cos| above the tolerance) are grouped, like the paper's feature
 * geometry graph; each group must be one of the paper's arrangements: a feature alone in its
 * direction, an antipodal pair (cos ≈ −1) or a triangle (pairwise cos ≈ −1/2), all within the
 * tolerance. Which features are dropped and which arrangement holds the extra feature then names
 * the regime.
 */
public final class PhaseClassifier {
    /** Default tolerance on cosines: orthogonal below 0.2, antipodal below −0.8, triangle within 0.2 of −1/2. */
    public static final double COSINE_TOLERANCE = 0.2;

    private PhaseClassifier() {
    }

    /** {@link #classify(TmsWeights, int, double)} with {@link #COSINE_TOLERANCE}. */
    public static PhaseRegime classify(TmsWeights w, int extraFeature) {
        return classify(w, extraFeature, COSINE_TOLERANCE);
    }

    /**
     * The regime of {@code w}, whose feature {@code extraFeature} is the extra one.
     *
     * @param cosineTolerance how far (in cosine) from orthogonal, antipodal or triangular a pair of
     *                        features may be and still count as such, in (0, 0.25] so that the three stay apart
     */
    public static PhaseRegime classify(TmsWeights w, int extraFeature, double cosineTolerance) {
        if (extraFeature < 0 || extraFeature >= w.features()) {
            throw new IllegalArgumentException("the extra feature must be one of the model's " + w.features()
                    + " features, got index " + extraFeature);
        }
        if (!(cosineTolerance > 0 && cosineTolerance <= 0.25)) {
            throw new IllegalArgumentException("cosine tolerance must be in (0, 0.25], got " + cosineTolerance);
        }
        double[][] gram = Gram.ofFeatures(w);
        List<Integer> dropped = new ArrayList<>();
        List<Integer> represented = new ArrayList<>();
        for (int i = 0; i < w.features(); i++) {
            (Math.sqrt(gram[i][i]) > TmsAnalysis.REPRESENTED_NORM ? represented : dropped).add(i);
        }
        List<Integer> pair = null;
        List<Integer> triangle = null;
        for (List<Integer> group : groups(gram, represented, cosineTolerance)) {
            if (group.size() == 2 && isAntipodal(gram, group, cosineTolerance) && pair == null) {
                pair = group;
            } else if (group.size() == 3 && isTriangle(gram, group, cosineTolerance) && triangle == null) {
                triangle = group;
            } else if (group.size() != 1) {
                return PhaseRegime.UNCLASSIFIED; // an arrangement the phase diagrams have no name for
            }
        }
        if (pair == null && triangle == null && dropped.size() == 1) {
            return dropped.get(0) == extraFeature ? PhaseRegime.EXTRA_NOT_LEARNED : PhaseRegime.EXTRA_REPLACES_OTHER;
        }
        if (!dropped.isEmpty()) {
            return PhaseRegime.UNCLASSIFIED;
        }
        if (pair != null && triangle == null) {
            return pair.contains(extraFeature) ? PhaseRegime.EXTRA_ANTIPODAL : PhaseRegime.OTHERS_ANTIPODAL;
        }
        if (triangle != null && pair == null && triangle.contains(extraFeature)) {
            return PhaseRegime.TRIANGLE;
        }
        return PhaseRegime.UNCLASSIFIED;
    }

    /** The connected groups of {@code features} under "not orthogonal", each in ascending order. */
    private static List<List<Integer>> groups(double[][] gram, List<Integer> features, double tolerance) {
        List<List<Integer>> groups = new ArrayList<>();
        boolean[] seen = new boolean[gram.length];
        for (int start : features) {
            if (seen[start]) {
                continue;
            }
            List<Integer> group = new ArrayList<>(List.of(start));
            seen[start] = true;
            for (int k = 0; k < group.size(); k++) {
                for (int other : features) {
                    if (!seen[other] && Math.abs(Gram.cosine(gram, group.get(k), other)) > tolerance) {
                        seen[other] = true;
                        group.add(other);
                    }
                }
            }
            group.sort(null);
            groups.add(group);
        }
        return groups;
    }

    private static boolean isAntipodal(double[][] gram, List<Integer> pair, double tolerance) {
        return Gram.cosine(gram, pair.get(0), pair.get(1)) <= -1 + tolerance;
    }

    private static boolean isTriangle(double[][] gram, List<Integer> triple, double tolerance) {
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                if (Math.abs(Gram.cosine(gram, triple.get(a), triple.get(b)) + 0.5) > tolerance) {
                    return false;
                }
            }
        }
        return true;
    }
}
