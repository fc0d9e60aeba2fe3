package dev.superpose.train;

import dev.superpose.model.TrialWeights;

/**
 * Trains a stack of trials of one experiment, one optimisation step of every instance per
 * {@link #step()}; this is what a trainer actor drives, whatever the model.
 *
 * <p>Contract: an instance's trajectory depends only on its own config and seed, not on the
 * other instances of the stack (stack invariance); {@link #exportState()} and {@link #restore}
 * make training resumable bit for bit; an instance whose loss or parameters become non-finite is
 * frozen ({@link #diverged()}) and reports NaN loss, while the others train on unaffected.
 */
public interface StackTrainer extends AutoCloseable {
    int instances();

    /** One optimisation step of every instance that has not diverged. */
    void step();

    long stepsDone();

    /** Per-instance loss of the latest step (before that step's update), NaN once diverged; a fresh array. */
    double[] lastLoss();

    /** Per instance: frozen because its loss or parameters went non-finite; a fresh array. */
    boolean[] diverged();

    /** A deep copy of everything training continues from. */
    StackState exportState();

    /**
     * Continues from {@code state}, as exported by a trainer of the same trials: the next
     * {@link #step()} is bit-identical to the one an uninterrupted run would take after
     * {@code state.step()} steps. Until then {@link #lastLoss()} holds 0, or NaN for diverged
     * instances.
     *
     * @throws IllegalArgumentException if the state does not fit this stack, or its step is past
     *                                  the stack's total
     */
    void restore(StackState state);

    /** A copy of instance {@code instance}'s current weights, as its .npz will hold them. */
    TrialWeights weights(int instance);

    /** Bytes of native (off-heap) memory the stack's preallocated buffers hold. */
    long nativeBytes();

    @Override
    void close();
}
