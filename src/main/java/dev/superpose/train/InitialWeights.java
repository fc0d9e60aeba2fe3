package dev.superpose.train;

import dev.superpose.data.CounterRandom;
import dev.superpose.model.TmsWeights;

/**
 * A trial's starting parameters: W ~ N(0, 2/(H+F)) (Xavier-normal of the per-instance shape),
 * b = 0, drawn from the trial's own seed only (never from the stack's size or position).
 * Models with several matrices draw matrix k from row k of the seed's initialisation stream.
 */
public final class InitialWeights {
    /** Separates initialisation draws from data draws of the same seed. */
    static final long INIT_DOMAIN = 0x494E4954L; // "INIT"

    private InitialWeights() {
    }

    public static TmsWeights xavierNormal(long seed, int hidden, int features) {
        return new TmsWeights(hidden, features, xavierNormal(seed, 0, hidden, features), new float[features]);
    }

    /** Matrix {@code matrix} of a trial: [rows, columns] row-major, N(0, 2/(rows + columns)). */
    public static float[] xavierNormal(long seed, int matrix, int rows, int columns) {
        double std = Math.sqrt(2.0 / (rows + columns));
        long key = CounterRandom.rowKey(seed, INIT_DOMAIN, 0, matrix);
        float[] w = new float[rows * columns];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (std * CounterRandom.gaussian(CounterRandom.bits(key, 2L * k),
                    CounterRandom.bits(key, 2L * k + 1)));
        }
        return w;
    }
}
