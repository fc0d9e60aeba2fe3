package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.TrainConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.NamedArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The optimisation side of a {@link StackTrainer} whose model computes a per-instance loss and
 * gradients: step count, learning-rate schedule, Adam(W), divergence and the exported state.
 * A trainer fills {@link #loss()} and the gradients for step {@link #stepsDone()}, then calls
 * {@link #update()}. Per instance from its own config: learning rate and weight decay (plain
 * Adam ignores {@code train.weight-decay}; AdamW applies it to the parameters marked {@link
 * StackAdam.Parameter#decays()}). Shared by the stack (the trainer checks the key): steps,
 * schedule, warm-up, optimiser, log interval.
 *
 * <p>An instance whose loss or parameters become non-finite is frozen: no further updates, loss
 * reported as NaN. Nothing mixes instances, so the others train on exactly as without it. The
 * state is the parameters under their own names plus Adam's moments.
 */
final class StackTraining implements AutoCloseable {
    private final TrainConfig shared;
    private final List<StackAdam.Parameter> parameters;
    private final StackAdam adam;
    private final double[] baseLr;
    private final double[] weightDecay;
    private final double[] stepLr;
    private final double[] loss;
    private final boolean[] diverged;
    private long stepsDone;

    StackTraining(List<TrialConfig> instances, List<StackAdam.Parameter> parameters) {
        this(instances.get(0).train(), instances.stream().mapToDouble(c -> c.train().lr()).toArray(),
                instances.stream().mapToDouble(c -> c.train().weightDecay()).toArray(), parameters, 1);
    }

    /**
     * @param shared      the stack's steps, schedule, warm-up, optimiser and log interval (its lr and
     *                    weight decay are not read: the arrays give them per instance)
     * @param weightDecay per instance; applied only under AdamW
     * @param threads     threads for Adam's update ({@link StackAdam}); results do not depend on it
     */
    StackTraining(TrainConfig shared, double[] baseLr, double[] weightDecay, List<StackAdam.Parameter> parameters,
                  int threads) {
        int n = baseLr.length;
        if (weightDecay.length != n) {
            throw new IllegalArgumentException("expected " + n + " weight decays, got " + weightDecay.length);
        }
        this.shared = shared;
        this.parameters = List.copyOf(parameters);
        this.adam = new StackAdam(parameters, threads);
        this.baseLr = baseLr.clone();
        this.weightDecay = new double[n];
        this.stepLr = new double[n];
        this.loss = new double[n];
        this.diverged = new boolean[n];
        for (int i = 0; i < n; i++) {
            this.weightDecay[i] = shared.optimizer() == Optimizer.ADAMW ? weightDecay[i] : 0.0;
        }
    }

    int instances() {
        return loss.length;
    }

    /** Where the model writes this step's per-instance loss. */
    double[] loss() {
        return loss;
    }

    /** @throws IllegalStateException once every step is done */
    void requireStepsLeft() {
        if (stepsDone >= shared.steps()) {
            throw new IllegalStateException("the stack has already trained all " + shared.steps() + " steps");
        }
    }

    /**
     * Applies the gradients of step {@link #stepsDone()} to every instance that has not diverged;
     * the trainer checked {@link #requireStepsLeft()} before computing them.
     */
    void update() {
        double factor = LrSchedule.multiplier(shared.schedule(), stepsDone, shared.steps(), shared.warmupSteps());
        for (int i = 0; i < stepLr.length; i++) {
            stepLr[i] = baseLr[i] * factor;
        }
        freezeWhere(i -> !Double.isFinite(loss[i]));
        boolean[] finite = adam.update(stepsDone + 1, stepLr, weightDecay, diverged);
        freezeWhere(i -> !finite[i]);
        for (int i = 0; i < loss.length; i++) {
            if (diverged[i]) {
                loss[i] = Double.NaN;
            }
        }
        stepsDone++;
    }

    private void freezeWhere(IntPredicate nonFinite) {
        for (int i = 0; i < diverged.length; i++) {
            diverged[i] = diverged[i] || nonFinite.test(i);
        }
    }

    /** Zeroes Adam's moments of rows {@code rows} of one instance of one parameter: see {@link StackAdam#resetRows}. */
    void resetMoments(String parameter, int instance, int[] rows) {
        adam.resetRows(parameter, instance, rows);
    }

    long stepsDone() {
        return stepsDone;
    }


    double[] lastLoss() {
        return loss.clone();
    }

    boolean[] diverged() {
        return diverged.clone();
    }

    StackState exportState() {
        List<NamedArray> arrays = new ArrayList<>();
        for (StackAdam.Parameter p : parameters) {
            arrays.add(HostFloats.named(p.name(), p.value()));
        }
        arrays.addAll(adam.exportMoments());
        return new StackState(stepsDone, instances(), arrays, diverged.clone());
    }

    /** Continues from {@code state}; {@link #lastLoss()} holds 0 until the next step, NaN for diverged instances. */
    void restore(StackState state) {
        state.requireShapeOf(exportState());
        if (state.step() > shared.steps()) {
            throw new IllegalArgumentException("cannot restore a state at step " + state.step()
                    + " into a stack that trains " + shared.steps() + " steps");
        }
        for (StackAdam.Parameter p : parameters) {
            HostFloats.copyInto(state.array(p.name()).data(), p.value());
        }
        adam.restoreMoments(state);
        System.arraycopy(state.diverged(), 0, diverged, 0, diverged.length);
        for (int i = 0; i < loss.length; i++) {
            loss[i] = diverged[i] ? Double.NaN : 0.0;
        }
        stepsDone = state.step();
    }

    /** Bytes of native memory Adam's moments hold (the parameters belong to the model). */
    long nativeBytes() {
        return adam.nativeBytes();
    }

    @Override
    public void close() {
        adam.close();
    }
}
