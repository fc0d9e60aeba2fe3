package dev.superpose.data.source;

import dev.superpose.data.CounterRandom;

import java.util.Arrays;

/**
 * A finite data set cut into a training part and a held-out test part after a seeded shuffle:
 * the same rows, fraction and seed always give the same split.
 */
public record Split(Activations train, Activations test) {
    /** Separates the shuffle from every other use of the same seed. */
    static final long SHUFFLE_DOMAIN = 0x53504C54L; // "SPLT"

    public Split {
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train and test rows must have one dimension, got " + train.dim()
                    + " and " + test.dim());
        }
    }

    /**
     * round(testFraction · rows) rows for testing, the rest for training; both parts must be
     * non-empty. A fraction of 0 holds nothing out: every row trains, and the test part is the
     * training part (metrics are then measured on training data).
     */
    public static Split byFraction(Activations all, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        if (testFraction == 0) {
            Activations shuffled = all.select(shuffled(all.rows(), seed));
            return new Split(shuffled, shuffled);
        }
        int test = testCount(all.rows(), testFraction);
        return byCounts(all, all.rows() - test, test, seed);
    }

    /**
     * Which rows of {@code rows} {@link #byFraction} puts in the test part, in its order: test row
     * i is row {@code testRows(...)[i]} of the unsplit data (for looking up what a row came from).
     */
    public static int[] testRows(int rows, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        int[] order = shuffled(rows, seed);
        return testFraction == 0 ? order : Arrays.copyOf(order, testCount(rows, testFraction));
    }

    private static int testCount(int rows, double testFraction) {
        int test = (int) Math.round(testFraction * rows);
        if (test < 1 || test >= rows) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + rows
                    + " rows leaves " + test + " test and " + (rows - test)
                    + " training rows; both need at least 1");
        }
        return test;
    }

    /** {@code test} shuffled rows for testing and the next {@code train} for training (a subsample if fewer than all). */
    public static Split byCounts(Activations all, int train, int test, long seed) {
        if (train < 1 || test < 1 || (long) train + test > all.rows()) {
            throw new IllegalArgumentException("cannot split " + all.rows() + " rows into " + train + " training and "
                    + test + " test rows: need at least 1 of each and no more than there are");
        }
        int[] order = shuffled(all.rows(), seed);
        int[] testRows = new int[test];
        int[] trainRows = new int[train];
        System.arraycopy(order, 0, testRows, 0, test);
        System.arraycopy(order, test, trainRows, 0, train);
        return new Split(all.select(trainRows), all.select(testRows));
    }

    /** A Fisher–Yates permutation of 0..n-1; swap i draws from counter i. */
    private static int[] shuffled(int n, long seed) {
        long key = CounterRandom.rowKey(seed, SHUFFLE_DOMAIN, 0, 0);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = below(CounterRandom.bits(key, i), i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** A uniform integer in [0, n) from the high 32 bits (bias below n / 2^32). */
    static int below(long bits, int n) {
        return (int) (((bits >>> 32) * n) >>> 32);
    }
}
