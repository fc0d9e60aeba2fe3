package dev.superpose.data;

import dev.superpose.config.Magnitude;

/**
 * The value of a present feature. Within a row (see {@link CounterRandom#rowKey}) the value of
 * feature f may use the low 32 bits of draw f (whose high 32 bits decide presence) and draws
 * F+f and 2F+f; samplers keep their other draws at counters 3F and above.
 */
interface MagnitudeDraw {
    float value(long rowKey, int feature);

    /** U[0, 1] from the low bits of the presence draw; {@link SparseSampler} inlines it in its hot loop. */
    MagnitudeDraw UNIFORM = (key, f) -> (float) CounterRandom.lowUniform(CounterRandom.bits(key, f));

    /**
     * U[−1, 1] as 2u − 1 with u the {@link #UNIFORM} draw: u has 24 bits, so the value is a
     * multiple of 2^-23 and exact in float. {@link SparseSampler} inlines it in its hot loop.
     */
    MagnitudeDraw SIGNED_UNIFORM = (key, f) -> (float) (2 * CounterRandom.lowUniform(CounterRandom.bits(key, f)) - 1);

    static MagnitudeDraw of(Magnitude magnitude, int features) {
        return switch (magnitude) {
            case UNIFORM -> UNIFORM;
            case NORMAL -> normal(features);
            case SIGNED_UNIFORM -> SIGNED_UNIFORM;
        };
    }

    /** clip(0.5 + 0.2·N(0,1), 0, 1), from draws F+f and 2F+f: independent of presence. */
    static MagnitudeDraw normal(int features) {
        return (key, f) -> {
            double z = CounterRandom.gaussian(CounterRandom.bits(key, features + f),
                    CounterRandom.bits(key, 2L * features + f));
            return (float) Math.min(1.0, Math.max(0.0, 0.5 + 0.2 * z));
        };
    }

    /**
     * ±X with X ~ Lomax(shape, scale 1) by inversion, X = U^(−1/shape) − 1 with U from draw F+f
     * (53 bits, so the tail reaches far out), the sign from bit 0 of the presence draw (below
     * the bits that decide presence and uniform values). Values beyond float range, possible
     * for shapes well below 1, are held at ±{@link Float#MAX_VALUE}.
     */
    static MagnitudeDraw lomax(double shape, int features) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("the Lomax shape must be > 0, got " + shape);
        }
        return (key, f) -> {
            double u = CounterRandom.openUniform(CounterRandom.bits(key, features + f));
            double x = Math.min(Math.expm1(-Math.log(u) / shape), Float.MAX_VALUE);
            return (float) ((CounterRandom.bits(key, f) & 1L) == 0 ? x : -x);
        };
    }
}
