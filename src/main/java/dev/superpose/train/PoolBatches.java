package dev.superpose.train;

import dev.superpose.data.CounterRandom;
import dev.superpose.data.source.Activations;

/**
 * Mini-batches from a fixed pool of training rows, epoch by epoch: each epoch visits the rows in
 * a fresh shuffled order and is cut into ⌊n / B⌋ batches, a remainder of fewer than B rows left
 * out of that epoch as a drop-last data loader does, or ⌈n / B⌉ with the remainder as a short
 * last batch, as PyTorch's default {@code DataLoader} does ({@code keepLast}). The order is a counter-based function
 * of (data seed, epoch), so step s's batch is a pure function of (data seed, s): resuming needs
 * nothing but s. Holds one epoch's order at a time; not thread-safe.
 */
final class PoolBatches {
    /** Separates the shuffle's draws from other users of the data seed. */
    static final long SHUFFLE_DOMAIN = 0x5348554646L; // "SHUFF"

    private final Activations pool;
    private final int batch;
    private final long seed;
    private final boolean keepLast;
    private final int[] order;
    private long epoch = -1;

    PoolBatches(Activations pool, int batch, long seed) {
        this(pool, batch, seed, false);
    }

    /** @param keepLast an epoch ends with a short batch of the rows left over, instead of leaving them out */
    PoolBatches(Activations pool, int batch, long seed, boolean keepLast) {
        if (batch < 1 || pool.rows() < batch) {
            throw new IllegalArgumentException("the training pool must hold at least one batch of " + batch
                    + " rows, got " + pool.rows() + " rows");
        }
        this.pool = pool;
        this.batch = batch;
        this.seed = seed;
        this.keepLast = keepLast;
        this.order = new int[pool.rows()];
    }

    int batchesPerEpoch() {
        return keepLast ? (pool.rows() + batch - 1) / batch : pool.rows() / batch;
    }

    /**
     * Writes step {@code step}'s batch, B rows of d values (fewer for a short last batch, the
     * rest of {@code target} then zero), into {@code target} as doubles.
     *
     * @return the batch's rows
     */
    int fill(long step, double[] target) {
        return fill(pool, step, target);
    }

    /**
     * Writes step {@code step}'s rows of {@code table}, a table row-aligned with the pool (a
     * transcoder's targets), into {@code target}: the rows of {@link #fill}'s batch, in its order.
     *
     * @return the batch's rows
     */
    int fill(Activations table, long step, double[] target) {
        int d = table.dim();
        if (table.rows() != pool.rows()) {
            throw new IllegalArgumentException("a table aligned with the pool's " + pool.rows() + " rows, got "
                    + table.rows());
        }
        if (target.length != batch * d) {
            throw new IllegalArgumentException("a batch is " + batch + "x" + d + " values, got " + target.length);
        }
        long stepEpoch = step / batchesPerEpoch();
        if (stepEpoch != epoch) {
            shuffle(stepEpoch);
        }
        int first = (int) (step % batchesPerEpoch()) * batch;
        int rows = Math.min(batch, pool.rows() - first);
        float[] values = table.values();
        for (int b = 0; b < rows; b++) {
            int row = order[first + b] * d;
            for (int j = 0; j < d; j++) {
                target[b * d + j] = values[row + j];
            }
        }
        java.util.Arrays.fill(target, rows * d, target.length, 0.0);
        return rows;
    }

    /** The first {@code count} rows of epoch {@code e}'s order (count ≤ n), e.g. an unbiased sample of the pool. */
    int[] firstRows(long e, int count) {
        shuffle(e);
        return java.util.Arrays.copyOf(order, count);
    }

    /** Fisher–Yates with counter-based draws keyed by (seed, epoch). */
    private void shuffle(long e) {
        long key = CounterRandom.stepKey(seed, SHUFFLE_DOMAIN, e);
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        for (int k = order.length - 1; k > 0; k--) {
            // A uniform index in [0, k] from 32 random bits (bias ≤ k / 2^32).
            int j = (int) ((CounterRandom.high32(CounterRandom.bits(key, k)) * (k + 1)) >>> 32);
            int swap = order[k];
            order[k] = order[j];
            order[j] = swap;
        }
        epoch = e;
    }
}
