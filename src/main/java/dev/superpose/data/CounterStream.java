package dev.superpose.data;

/**
 * Consecutive counter-based draws under one key, for draws whose count is not fixed in advance
 * (rejection sampling). The sequence is a pure function of the key, so the result is too.
 * Not thread-safe; made per use.
 */
final class CounterStream {
    private final long key;
    private long counter;

    CounterStream(long key) {
        this.key = key;
    }

    long nextBits() {
        return CounterRandom.bits(key, counter++);
    }

    /** Uniform in (0, 1]. */
    double uniform() {
        return CounterRandom.openUniform(nextBits());
    }

    double gaussian() {
        return CounterRandom.gaussian(nextBits(), nextBits());
    }

    /**
     * log of a Gamma(shape, 1) draw. Marsaglia–Tsang for shape ≥ 1; below 1, Gamma(shape + 1)
     * · U^(1/shape), kept in logs because U^(1/shape) underflows for small shapes (a Dirichlet
     * with concentration 0.01 would otherwise divide 0 by 0).
     */
    double logGamma(double shape) {
        if (shape < 1) {
            return logGamma(shape + 1) + Math.log(uniform()) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d * v);
            }
        }
    }

    /** A Beta(a, b) draw: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    double beta(double a, double b) {
        double logX = logGamma(a);
        double logY = logGamma(b);
        return 1 / (1 + Math.exp(logY - logX));
    }
}
