package dev.superpose.train;

import dev.superpose.model.NamedArray;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Everything a stack's training continues from: the number of steps done, its named arrays
 * (parameters, optimiser moments and any other state, e.g. dead-latent counters) and which
 * instances are frozen because they diverged. With the stack's trial configs (seeds, learning
 * rates, schedule), this determines every later step exactly: batches are a function of (seed,
 * step), and the schedule and Adam's bias correction a function of the step.
 *
 * <p>Every array is instance-major: its shape starts with {@code instances}. A state is a
 * snapshot handed between owners, not copied again: nobody may modify its arrays.
 *
 * @param step     completed optimisation steps
 * @param diverged per instance: frozen because its loss or parameters went non-finite
 */
public record StackState(long step, int instances, List<NamedArray> arrays, boolean[] diverged) {

    public StackState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be positive, got " + instances);
        }
        arrays = List.copyOf(arrays);
        for (NamedArray array : arrays) {
            if (array.rank() < 1 || array.dim(0) != instances) {
                throw new IllegalArgumentException("array " + array.describe() + " must have " + instances
                        + " instances on its first axis");
            }
        }
        if (arrays.stream().map(NamedArray::name).distinct().count() != arrays.size()) {
            throw new IllegalArgumentException("array names must be distinct, got " + arrays);
        }
        if (diverged.length != instances) {
            throw new IllegalArgumentException("diverged must hold " + instances + " flags, got " + diverged.length);
        }
    }

    /** @throws NoSuchElementException naming what is there when there is no array {@code name} */
    public NamedArray array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no array " + name + " in a state of " + shape()));
    }

    /** "16 instances: W [16, 20, 100], b [16, 100]", for messages comparing shapes. */
    public String shape() {
        StringBuilder text = new StringBuilder(instances + " instances:");
        for (int k = 0; k < arrays.size(); k++) {
            text.append(k == 0 ? " " : ", ").append(arrays.get(k).describe());
        }
        return text.toString();
    }

    /**
     * Checks that this state fits a trainer whose own export has the shape of {@code expected}
     * (same array names, order and shapes), so a restore copies every array into its match.
     *
     * @throws IllegalArgumentException saying what differs
     */
    public void requireShapeOf(StackState expected) {
        boolean same = instances == expected.instances && arrays.size() == expected.arrays.size();
        for (int k = 0; same && k < arrays.size(); k++) {
            NamedArray mine = arrays.get(k);
            NamedArray theirs = expected.arrays.get(k);
            same = mine.name().equals(theirs.name()) && java.util.Arrays.equals(mine.shape(), theirs.shape());
        }
        if (!same) {
            throw new IllegalArgumentException("cannot restore a state of " + shape() + " into a stack of "
                    + expected.shape());
        }
    }
}
