package dev.superpose.bench;

/**
 * The least time an Adam update of a stack can take on this machine: Adam reads and writes every
 * float parameter and both its moments at every step, whatever the codes' sparsity (a latent that
 * did not fire still has its moments decayed and its parameters moved), so a step moves at least
 * {@value #BYTES_PER_PARAMETER} bytes per parameter. Timed as the rate at which {@code threads}
 * threads at once stream three float arrays in place (read and write each element once, the
 * bare bones of that update), over the stack's own working set split between them, which is far
 * larger than the caches at the study's sizes.
 */
final class OptimizerFloor {
    /** What a parameter holds in memory: itself, its first and its second moment, floats. */
    static final int HELD_BYTES_PER_PARAMETER = 3 * Float.BYTES;
    /** Each of those read and written once a step. */
    static final int BYTES_PER_PARAMETER = 2 * HELD_BYTES_PER_PARAMETER;
    private static final int WARM_UP = 3;

    private OptimizerFloor() {
    }

    /** Bytes per second summed over {@code threads} threads that share {@code parameters} evenly, each for {@code seconds}. */
    static double bytesPerSecond(long parameters, int threads, double seconds) {
        int share = Math.toIntExact(Math.max(1, parameters / threads));
        return FloorTiming.sum(threads, "the optimiser's memory passes", () -> passes(share, seconds));
    }

    /** One thread's rate: in-place passes over its share of parameters and moments for {@code seconds}. */
    private static double passes(int parameters, double seconds) {
        float[] value = new float[parameters];
        float[] first = new float[parameters];
        float[] second = new float[parameters];
        return (double) BYTES_PER_PARAMETER * parameters
                * FloorTiming.callsPerSecond(() -> pass(value, first, second), WARM_UP, seconds);
    }

    /** Each element read and written once; the arithmetic is a token (the floor is the memory traffic). */
    private static void pass(float[] value, float[] first, float[] second) {
        for (int k = 0; k < value.length; k++) {
            value[k] -= 1e-3f * first[k];
            first[k] *= 0.9f;
            second[k] *= 0.999f;
        }
    }
}
