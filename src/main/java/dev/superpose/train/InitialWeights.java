package dev.superpose.train;

import dev.superpose.data.CounterRandom;
import dev.superpose.model.TmsWeights;

/**
 * A trial's starting parameters: W ~ N(0, 2/(H+F)) (Xavier-normal of the per-instance shape),
 * b = 0, drawn from the trial's own seed only (never from the stack's size or position).
 */
public final class InitialWeights {
    /** Separates initialisation draws from data draws of the same seed. */
    static final long INIT_DOMAIN = 0x494E4954L; // "INIT"

    private InitialWeights() {
    }

    public static TmsWeights xavierNormal(long seed, int hidden, int features) {
        double std = Math.sqrt(2.0 / (hidden + features));
        long key = CounterRandom.rowKey(seed, INIT_DOMAIN, 0, 0);
        float[] w = new float[hidden * features];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (std * CounterRandom.gaussian(CounterRandom.bits(key, 2L * k),
                    CounterRandom.bits(key, 2L * k + 1)));
        }
        return new TmsWeights(hidden, features, w, new float[features]);
    }
}
