package dev.superpose.train;

import dev.superpose.config.Schedule;

/** Learning-rate multipliers: a pure function of the schedule and the 0-based step index. */
public final class LrSchedule {
    private LrSchedule() {
    }

    /**
     * The factor applied to the base learning rate at step {@code t} (0-based) of {@code total}:
     * constant 1; linear 1 − t/T; cosine ½(1 + cos(πt/T)); warm-up-cosine t/W for t &lt; W, then
     * the cosine over the remaining T − W steps.
     */
    public static double multiplier(Schedule schedule, long t, long total, long warmup) {
        if (t < 0 || t >= total) {
            throw new IllegalArgumentException("step must be in [0, " + total + "), got " + t);
        }
        return switch (schedule) {
            case CONSTANT -> 1.0;
            case LINEAR -> 1.0 - (double) t / total;
            case COSINE -> halfCosine(t, total);
            case WARMUP_COSINE -> t < warmup ? (double) t / warmup : halfCosine(t - warmup, total - warmup);
        };
    }

    private static double halfCosine(long t, long total) {
        return 0.5 * (1.0 + Math.cos(Math.PI * t / total));
    }
}
