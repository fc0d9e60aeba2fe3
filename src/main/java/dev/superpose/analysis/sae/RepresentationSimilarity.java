package dev.superpose.analysis.sae;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.Arrays;
import java.util.Random;

/**
 * The dissertation's representational similarity measures (Can SAEs disentangle superposed
 * features?), between two row-aligned sets of vectors X [n, p] and Y [n, q]: row i of both
 * describes the same thing (true feature i and the decoder row that matches it best; or one
 * latent in two seeds).
 * <ul>
 * <li>linear CKA: ⟨K̃, L̃⟩_F / (‖K̃‖_F ‖L̃‖_F) with K = XXᵀ, L = YYᵀ double-centred (the
 * dissertation's CKA.py; its 1/(n−1)² factors cancel). 1 for Y = XQ with Q orthogonal, or any
 * isotropic scaling of X;</li>
 * <li>orthogonal Procrustes distance: with columns centred and each matrix scaled to unit
 * Frobenius norm, min_Q ‖X − YQ‖_F over orthogonal Q = √(2 − 2‖XᵀY‖_*) (p = q); 0 for
 * Y = XQ, at most √2;</li>
 * <li>RSA: the Spearman correlation of the two matrices' pairwise Euclidean distances between rows
 * (upper triangles, average ranks for ties).</li>
 * </ul>
 * Each comes with a permutation test (p-value of the observed value against rows of Y shuffled,
 * which breaks the correspondence but keeps every vector) and a random-rotation baseline (the
 * value for RY, R a random n×n rotation: the same span with the correspondence mixed away, what a
 * dictionary in a rotated basis of the true features would score).
 */
public final class RepresentationSimilarity {
    /** Shuffles for CKA and RSA, whose permuted values cost O(n²) each. */
    public static final int PERMUTATIONS = 99;
    /** Shuffles for Procrustes, each of which needs an SVD. */
    public static final int PROCRUSTES_PERMUTATIONS = 19;

    /** A measure's value, its permutation p-value and its value for one random rotation of Y. */
    public record Score(double value, double pValue, double rotationBaseline) {
    }

    /** All three measures of one pair. */
    public record Scores(Score cka, Score procrustes, Score rsa) {
    }

    private RepresentationSimilarity() {
    }

    /**
     * @param x    [n][p], n ≥ 3
     * @param y    [n][q]; Procrustes needs q = p (it is NaN otherwise)
     * @param seed the shuffles and the rotation
     */
    public static Scores compare(double[][] x, double[][] y, long seed) {
        int n = x.length;
        if (n < 3 || y.length != n) {
            throw new IllegalArgumentException("similarity needs two sets of the same n >= 3 rows, got " + n + " and "
                    + y.length);
        }
        Random random = new Random(seed);
        double[][] rotated = multiply(randomRotation(n, random), y);
        int[][] permutations = new int[PERMUTATIONS][];
        for (int k = 0; k < PERMUTATIONS; k++) {
            permutations[k] = permutation(n, random);
        }
        double[][] k = centredGram(x);
        double[][] l = centredGram(y);
        double cka = ckaOfGrams(k, l, identity(n));
        int ckaAbove = 0;
        for (int[] pi : permutations) {
            ckaAbove += ckaOfGrams(k, l, pi) >= cka ? 1 : 0;
        }
        Score ckaScore = new Score(cka, pValue(ckaAbove, PERMUTATIONS), ckaOfGrams(k, centredGram(rotated), identity(n)));

        double[][] rx = distanceRanks(x);
        double[][] ry = distanceRanks(y);
        double rsa = rankCorrelation(rx, ry, identity(n));
        int rsaAbove = 0;
        for (int[] pi : permutations) {
            rsaAbove += rankCorrelation(rx, ry, pi) >= rsa ? 1 : 0;
        }
        Score rsaScore = new Score(rsa, pValue(rsaAbove, PERMUTATIONS),
                rankCorrelation(rx, distanceRanks(rotated), identity(n)));

        Score procrustesScore;
        if (x[0].length != y[0].length) {
            procrustesScore = new Score(Double.NaN, Double.NaN, Double.NaN);
        } else {
            double distance = procrustes(x, y);
            int below = 0;
            for (int j = 0; j < PROCRUSTES_PERMUTATIONS; j++) {
                below += procrustes(x, permuteRows(y, permutations[j])) <= distance ? 1 : 0;
            }
            procrustesScore = new Score(distance, pValue(below, PROCRUSTES_PERMUTATIONS), procrustes(x, rotated));
        }
        return new Scores(ckaScore, procrustesScore, rsaScore);
    }

    /** Linear CKA of row-aligned X and Y. */
    public static double linearCka(double[][] x, double[][] y) {
        return ckaOfGrams(centredGram(x), centredGram(y), identity(x.length));
    }

    /** Orthogonal Procrustes distance √(2 − 2‖X̃ᵀỸ‖_*) of the centred, unit-norm X̃ and Ỹ (same width). */
    public static double procrustes(double[][] x, double[][] y) {
        RealMatrix a = new Array2DRowRealMatrix(normalised(x), false);
        RealMatrix b = new Array2DRowRealMatrix(normalised(y), false);
        double nuclear = Arrays.stream(new SingularValueDecomposition(a.transpose().multiply(b)).getSingularValues())
                .sum();
        return Math.sqrt(Math.max(0, 2 - 2 * nuclear));
    }

    /** Spearman correlation of the pairwise Euclidean distances between the rows of X and of Y. */
    public static double rsa(double[][] x, double[][] y) {
        return rankCorrelation(distanceRanks(x), distanceRanks(y), identity(x.length));
    }

    /** (1 + shuffles at least as extreme) / (1 + shuffles): never 0, as a permutation test must be. */
    private static double pValue(int asExtreme, int shuffles) {
        return (1.0 + asExtreme) / (1.0 + shuffles);
    }

    /** ⟨K̃, P L̃ Pᵀ⟩ / (‖K̃‖ ‖L̃‖), rows and columns of L̃ taken in the order {@code pi}. */
    private static double ckaOfGrams(double[][] k, double[][] l, int[] pi) {
        double kl = 0;
        double kk = 0;
        double ll = 0;
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k.length; j++) {
                kl += k[i][j] * l[pi[i]][pi[j]];
                kk += k[i][j] * k[i][j];
                ll += l[i][j] * l[i][j];
            }
        }
        return kl / Math.sqrt(kk * ll);
    }

    /** H X Xᵀ H, H = I − 11ᵀ/n: the Gram matrix of the column-centred rows. */
    private static double[][] centredGram(double[][] x) {
        double[][] c = centredColumns(x);
        int n = c.length;
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int d = 0; d < c[i].length; d++) {
                    dot += c[i][d] * c[j][d];
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        return gram;
    }

    private static double[][] centredColumns(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int d = 0; d < p; d++) {
                mean[d] += row[d] / n;
            }
        }
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < p; d++) {
                c[i][d] = x[i][d] - mean[d];
            }
        }
        return c;
    }

    private static double[][] normalised(double[][] x) {
        double[][] c = centredColumns(x);
        double norm = Math.sqrt(Arrays.stream(c).flatMapToDouble(Arrays::stream).map(v -> v * v).sum());
        for (double[] row : c) {
            for (int d = 0; d < row.length; d++) {
                row[d] /= norm;
            }
        }
        return c;
    }

    /** The ranks (1-based, ties averaged) of the distances between rows i &lt; j, as a symmetric matrix. */
    private static double[][] distanceRanks(double[][] x) {
        int n = x.length;
        int pairs = n * (n - 1) / 2;
        double[] distance = new double[pairs];
        int[][] pair = new int[pairs][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sum = 0;
                for (int d = 0; d < x[i].length; d++) {
                    sum += (x[i][d] - x[j][d]) * (x[i][d] - x[j][d]);
                }
                distance[k] = Math.sqrt(sum);
                pair[k++] = new int[]{i, j};
            }
        }
        Integer[] order = new Integer[pairs];
        for (int m = 0; m < pairs; m++) {
            order[m] = m;
        }
        Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
        double[][] ranks = new double[n][n];
        for (int start = 0; start < pairs; ) {
            int end = start;
            while (end + 1 < pairs && distance[order[end + 1]] == distance[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int m = start; m <= end; m++) {
                int[] ij = pair[order[m]];
                ranks[ij[0]][ij[1]] = rank;
                ranks[ij[1]][ij[0]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** Pearson correlation of the upper-triangle ranks, those of Y taken in the row order {@code pi}. */
    private static double rankCorrelation(double[][] rx, double[][] ry, int[] pi) {
        int n = rx.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double a = rx[i][j];
                double b = ry[pi[i]][pi[j]];
                sx += a;
                sy += b;
                sxx += a * a;
                syy += b * b;
                sxy += a * b;
                count++;
            }
        }
        double cov = sxy - sx * sy / count;
        return cov / Math.sqrt((sxx - sx * sx / count) * (syy - sy * sy / count));
    }

    /** A Haar-random n×n rotation: Q of the QR decomposition of a Gaussian matrix, its columns' signs fixed by R's diagonal. */
    static double[][] randomRotation(int n, Random random) {
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        double[][] q = qr.getQ().getData();
        double[][] r = qr.getR().getData();
        for (int j = 0; j < n; j++) {
            if (r[j][j] < 0) {
                for (double[] row : q) {
                    row[j] = -row[j];
                }
            }
        }
        return q;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        return new Array2DRowRealMatrix(a, false).multiply(new Array2DRowRealMatrix(b, false)).getData();
    }

    private static double[][] permuteRows(double[][] y, int[] pi) {
        double[][] permuted = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            permuted[i] = y[pi[i]];
        }
        return permuted;
    }

    private static int[] identity(int n) {
        int[] pi = new int[n];
        for (int i = 0; i < n; i++) {
            pi[i] = i;
        }
        return pi;
    }

    private static int[] permutation(int n, Random random) {
        int[] pi = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = pi[i];
            pi[i] = pi[j];
            pi[j] = t;
        }
        return pi;
    }
}
