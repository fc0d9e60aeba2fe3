package dev.superpose.data.source;

import dev.superpose.data.CounterRandom;

/**
 * Fixed random matrices (dictionaries, MLP weights) drawn from a seed alone: entry (r, c) is
 * a N(0, std²) draw keyed by (seed, domain, r, c), so row r does not depend on how many rows
 * or which other matrices were drawn.
 */
final class GaussianMatrix {
    private GaussianMatrix() {
    }

    /** A row-major [rows, cols] matrix of independent N(0, std²) entries. */
    static float[] draw(long seed, long domain, int rows, int cols, double std) {
        long structure = CounterRandom.stepKey(seed, domain, 0);
        float[] matrix = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            long key = CounterRandom.rowKey(structure, r);
            for (int c = 0; c < cols; c++) {
                matrix[r * cols + c] = (float) (std * CounterRandom.gaussian(CounterRandom.bits(key, 2L * c),
                        CounterRandom.bits(key, 2L * c + 1)));
            }
        }
        return matrix;
    }
}
