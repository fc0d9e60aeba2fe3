package dev.superpose.data;

import dev.superpose.data.source.Activations;

/**
 * Activations built from features with a hierarchy, the toy setting of feature absorption
 * (Chanin et al. 2024, "A is for Absorption"; Bussmann et al. 2025): each of {@code parents}
 * parent features is present with probability {@code parentProbability}; when it is, one of its
 * {@code children} child features is present with it with probability {@code childProbability}
 * (which one, uniformly), and a child is never present without its parent. Further
 * {@code independent} features are present on their own with {@code independentProbability}.
 * A present feature has magnitude 1; a sample is the sum of the present features' directions,
 * orthonormal in {@code dim} dimensions. Features are numbered parents first, then parent p's
 * children ({@link #child}), then the independent ones. Every draw is counter-based on the seed.
 */
public record HierarchicalFeatures(int parents, int children, int independent, int dim, double parentProbability,
                                   double childProbability, double independentProbability) {
    private static final long DOMAIN = 0x4849455241524348L; // "HIERARCH"

    public HierarchicalFeatures {
        if (parents < 1 || children < 1 || independent < 0) {
            throw new IllegalArgumentException("a hierarchy needs parents and children >= 1 and independent >= 0, got "
                    + parents + ", " + children + ", " + independent);
        }
        if (dim < parents * (1 + children) + independent) {
            throw new IllegalArgumentException("orthonormal features need dim >= their count "
                    + (parents * (1 + children) + independent) + ", got " + dim);
        }
        for (double p : new double[]{parentProbability, childProbability, independentProbability}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probabilities must be in [0, 1], got " + p);
            }
        }
    }

    public int features() {
        return parents * (1 + children) + independent;
    }

    /** The index of child c of parent p. */
    public int child(int p, int c) {
        return parents + p * children + c;
    }

    /**
     * Samples {@code first .. first + rows} of the seed's stream (disjoint ranges give
     * independent samples of the same features) and which features each holds.
     *
     * @return the activations [rows, dim] and the presence [rows, features] (1 present, 0 not)
     */
    public Sample draw(long seed, long first, int rows) {
        int features = features();
        float[] directions = directions(seed);
        float[] values = new float[rows * dim];
        boolean[] present = new boolean[rows * features];
        for (int r = 0; r < rows; r++) {
            long key = CounterRandom.rowKey(seed, DOMAIN, 1, first + r);
            long counter = 0;
            for (int p = 0; p < parents; p++) {
                if (CounterRandom.openUniform(CounterRandom.bits(key, counter++)) >= parentProbability) {
                    counter++;
                    continue;
                }
                present[r * features + p] = true;
                double u = CounterRandom.openUniform(CounterRandom.bits(key, counter++));
                if (u < childProbability) {
                    int c = Math.min(children - 1, (int) (u / childProbability * children));
                    present[r * features + child(p, c)] = true;
                }
            }
            for (int f = parents * (1 + children); f < features; f++) {
                present[r * features + f] = CounterRandom.openUniform(CounterRandom.bits(key, counter++))
                        < independentProbability;
            }
            for (int f = 0; f < features; f++) {
                if (present[r * features + f]) {
                    for (int j = 0; j < dim; j++) {
                        values[r * dim + j] += directions[f * dim + j];
                    }
                }
            }
        }
        return new Sample(new Activations(rows, dim, values), present, features);
    }

    /** Orthonormal feature directions [features, dim] (Gram–Schmidt on Gaussian rows of the seed). */
    public float[] directions(long seed) {
        int features = features();
        double[][] rows = new double[features][dim];
        for (int f = 0; f < features; f++) {
            long key = CounterRandom.rowKey(seed, DOMAIN, 0, f);
            for (int j = 0; j < dim; j++) {
                rows[f][j] = CounterRandom.gaussian(CounterRandom.bits(key, 2L * j), CounterRandom.bits(key, 2L * j + 1));
            }
            for (int g = 0; g < f; g++) {
                double along = 0;
                for (int j = 0; j < dim; j++) {
                    along += rows[f][j] * rows[g][j];
                }
                for (int j = 0; j < dim; j++) {
                    rows[f][j] -= along * rows[g][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += rows[f][j] * rows[f][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                rows[f][j] /= norm;
            }
        }
        float[] out = new float[features * dim];
        for (int f = 0; f < features; f++) {
            for (int j = 0; j < dim; j++) {
                out[f * dim + j] = (float) rows[f][j];
            }
        }
        return out;
    }

    /** Samples and their features' presence, [rows, features] row-major. */
    public record Sample(Activations activations, boolean[] present, int features) {
        public boolean present(int row, int feature) {
            return present[row * features + feature];
        }
    }
}
