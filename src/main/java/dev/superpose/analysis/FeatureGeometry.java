package dev.superpose.analysis;

/**
 * The geometric arrangements a feature of a trained toy model falls into, read off its
 * dimensionality D_i (Elhage et al. 2022, "The geometry of superposition"): the paper found D_i
 * clustering at a few fractions, each the share of a dimension a feature gets in one regular
 * arrangement. A feature is classified to the nearest fraction, or as {@link #NOT_REPRESENTED}
 * when its embedding is too short to count ({@link TmsAnalysis#REPRESENTED_NORM}).
 */
public enum FeatureGeometry {
    DEDICATED_DIMENSION(1, 1, 1, "dedicated dimension"),
    TETRAHEDRON(3, 4, 3, "tetrahedron"),
    TRIANGLE(2, 3, 2, "triangle"),
    ANTIPODAL_PAIR(1, 2, 1, "antipodal pair (digon)"),
    PENTAGON(2, 5, 2, "pentagon"),
    SQUARE_ANTIPRISM(3, 8, 3, "square antiprism"),
    /**
     * Kept as a cluster of its own so that D_i near 1/3 is not forced into 3/8; the paper names no
     * shape. Three features on one line already give it, so it needs one dimension.
     */
    ONE_THIRD(1, 3, 1, "one third (unnamed in the paper)"),
    NOT_REPRESENTED(0, 1, 0, "not represented");

    private final int numerator;
    private final int denominator;
    private final int dimensions;
    private final String shape;

    FeatureGeometry(int numerator, int denominator, int dimensions, String shape) {
        this.numerator = numerator;
        this.denominator = denominator;
        this.dimensions = dimensions;
        this.shape = shape;
    }

    /**
     * The hidden dimensions the arrangement spans: a pentagon needs a plane, a tetrahedron or a
     * square antiprism 3-d space, so neither exists in a 2-d model.
     */
    public int dimensions() {
        return dimensions;
    }

    /** Whether the arrangement fits in a model with {@code hidden} dimensions (not represented always does). */
    public boolean existsIn(int hidden) {
        return dimensions <= hidden;
    }

    /** The fraction of a dimension, e.g. 0.4 for the pentagon. */
    public double fraction() {
        return (double) numerator / denominator;
    }

    /** The fraction as text, as written in features.csv: {@code 1}, {@code 3/4}, …, {@code 0}. */
    public String text() {
        return denominator == 1 ? Integer.toString(numerator) : numerator + "/" + denominator;
    }

    /** The trials.csv column counting a trial's features of this geometry: {@code geometry_2_5}, {@code geometry_1}. */
    public String countColumn() {
        return "geometry_" + text().replace('/', '_');
    }

    /** The paper's name of the arrangement, e.g. "pentagon". */
    public String shape() {
        return shape;
    }

    /**
     * The geometry of a feature with embedding length {@code norm} and dimensionality
     * {@code dimensionality} in a model of {@code hidden} dimensions: not represented at or below
     * the paper's norm threshold, else the represented fraction nearest to D_i among the
     * arrangements that fit in {@code hidden} dimensions (ties go to the larger fraction).
     */
    public static FeatureGeometry classify(double norm, double dimensionality, int hidden) {
        if (!(norm > TmsAnalysis.REPRESENTED_NORM)) {
            return NOT_REPRESENTED;
        }
        FeatureGeometry nearest = DEDICATED_DIMENSION;
        for (FeatureGeometry g : values()) {
            if (g != NOT_REPRESENTED && g.existsIn(hidden)
                    && Math.abs(dimensionality - g.fraction()) < Math.abs(dimensionality - nearest.fraction())) {
                nearest = g;
            }
        }
        return nearest;
    }
}
