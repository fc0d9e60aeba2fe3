package dev.superpose.data.source;

import dev.superpose.data.CounterRandom;

/**
 * Fixed random matrices (dictionaries, MLP and projection weights) drawn from a seed alone:
 * entry (r, c) is keyed by (seed, domain, r, c), so row r does not depend on how many rows or
 * which other matrices were drawn.
 */
final class RandomMatrix {
    private RandomMatrix() {
    }

    /** A row-major [rows, cols] matrix of independent N(0, std²) entries. */
    static float[] gaussian(long seed, long domain, int rows, int cols, double std) {
        return draw(seed, domain, rows, cols, (key, c) -> std * CounterRandom.gaussian(CounterRandom.bits(key, 2L * c),
                CounterRandom.bits(key, 2L * c + 1)));
    }

    /**
     * A row-major [rows, cols] matrix of independent U(−bound, bound) entries: PyTorch's default
     * nn.Linear init (weights and biases U(±1/√fan_in)) for the study's random MLP and projection.
     */
    static float[] uniform(long seed, long domain, int rows, int cols, double bound) {
        return draw(seed, domain, rows, cols,
                (key, c) -> bound * (2 * CounterRandom.openUniform(CounterRandom.bits(key, c)) - 1));
    }

    /** One entry from its row's key and its column. */
    @FunctionalInterface
    private interface Entry {
        double draw(long rowKey, int column);
    }

    private static float[] draw(long seed, long domain, int rows, int cols, Entry entry) {
        long structure = CounterRandom.stepKey(seed, domain, 0);
        float[] matrix = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            long key = CounterRandom.rowKey(structure, r);
            for (int c = 0; c < cols; c++) {
                matrix[r * cols + c] = (float) entry.draw(key, c);
            }
        }
        return matrix;
    }
}
