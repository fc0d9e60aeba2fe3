package dev.superpose.train;

/**
 * Everything a stack's training continues from: the number of steps done, the parameters, Adam's
 * moments and which instances are frozen because they diverged. With the stack's trial configs
 * (seeds, learning rates, schedule), this determines every later step exactly: batches are a
 * function of (seed, step), and the schedule and Adam's bias correction a function of the step.
 *
 * <p>Arrays are instance-major and row-major like the stack's tensors: {@code w}, {@code adamMw},
 * {@code adamVw} hold [instances, hidden, features]; {@code b}, {@code adamMb}, {@code adamVb}
 * hold [instances, features]. A state is a snapshot handed between owners, not copied again:
 * nobody may modify its arrays.
 *
 * @param step     completed optimisation steps
 * @param diverged per instance: frozen because its loss or parameters went non-finite
 */
public record StackState(long step, int instances, int hidden, int features,
                         float[] w, float[] b, float[] adamMw, float[] adamVw, float[] adamMb, float[] adamVb,
                         boolean[] diverged) {

    public StackState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (instances < 1 || hidden < 1 || features < 1) {
            throw new IllegalArgumentException("instances, hidden and features must be positive, got "
                    + instances + ", " + hidden + ", " + features);
        }
        long weightLength = (long) instances * hidden * features;
        long biasLength = (long) instances * features;
        requireLength("w", w.length, weightLength);
        requireLength("b", b.length, biasLength);
        requireLength("adamMw", adamMw.length, weightLength);
        requireLength("adamVw", adamVw.length, weightLength);
        requireLength("adamMb", adamMb.length, biasLength);
        requireLength("adamVb", adamVb.length, biasLength);
        requireLength("diverged", diverged.length, instances);
    }

    private static void requireLength(String name, int actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " must hold " + expected + " values, got " + actual);
        }
    }

    /** "16 instances of 20x100 (hidden x features)", for messages comparing shapes. */
    public String shape() {
        return shape(instances, hidden, features);
    }

    static String shape(int instances, int hidden, int features) {
        return instances + " instances of " + hidden + "x" + features + " (hidden x features)";
    }
}
