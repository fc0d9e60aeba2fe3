package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StackSampler;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import dev.superpose.model.TmsWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Trains a stack of TMS trials that share a {@link StackKey}, one optimisation step of every
 * instance per {@link #step()}. A step is a function of (W, b, Adam moments, step index, seeds)
 * only, so an instance's trajectory is the same alone or in any stack.
 * Plain Adam ignores {@code train.weight-decay}; AdamW applies it (decoupled, W only).
 *
 * <p>An instance whose loss or parameters become non-finite is marked {@linkplain #diverged()
 * diverged} and frozen: no further updates, loss reported as NaN. Nothing mixes instances (no
 * shared sums or norms), so the others train on exactly as if it were not there.
 * {@link #exportState()} and {@link #restore} make training resumable bit for bit.
 * Creating a trainer sets ND4J's process-wide thread counts ({@link ComputeThreads}).
 */
public final class TmsStackTrainer implements AutoCloseable {
    private final StackKey key;
    private final TmsStack stack;
    private final StackAdam adam;
    private final BatchPrefetcher batches;
    private final double[] importance;
    private final double[] baseLr;
    private final double[] weightDecay;
    private final double[] stepLr;
    private final double[] loss;
    private final boolean[] diverged;
    private long stepsDone;

    public TmsStackTrainer(List<TrialConfig> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one trial");
        }
        this.key = StackKey.of(instances.get(0));
        for (TrialConfig c : instances) {
            if (!StackKey.of(c).equals(key)) {
                throw new IllegalArgumentException("trials in one stack must share " + key + ", got " + StackKey.of(c));
            }
            if (c.data().importance().size() != key.features()) {
                throw new IllegalArgumentException("importance must have " + key.features() + " entries, got "
                        + c.data().importance().size());
            }
        }
        ComputeThreads.useSingleThreadedKernels();
        int n = instances.size();
        int features = key.features();
        this.stack = new TmsStack(TmsArchitecture.of(key.experiment(), key.variant()), n, features, key.hidden(),
                key.batchSize(), DataType.FLOAT);
        this.adam = new StackAdam(stack);
        this.batches = new BatchPrefetcher(new StackSampler(instances.stream()
                .map(c -> FeatureSampler.of(features, c.data(), c.seed())).toList(), key.batchSize()));
        this.importance = new double[n * features];
        this.baseLr = new double[n];
        this.weightDecay = new double[n];
        this.stepLr = new double[n];
        this.loss = new double[n];
        this.diverged = new boolean[n];
        for (int i = 0; i < n; i++) {
            TrialConfig c = instances.get(i);
            for (int f = 0; f < features; f++) {
                importance[i * features + f] = c.data().importance().get(f);
            }
            baseLr[i] = c.train().lr();
            weightDecay[i] = key.optimizer() == Optimizer.ADAMW ? c.train().weightDecay() : 0.0;
            stack.load(i, InitialWeights.xavierNormal(c.seed(), key.hidden(), features));
        }
    }

    public StackKey key() {
        return key;
    }

    public int instances() {
        return stack.instances();
    }

    /** One optimisation step of every instance that has not diverged. */
    public void step() {
        if (stepsDone >= key.steps()) {
            throw new IllegalStateException("the stack has already trained all " + key.steps() + " steps");
        }
        INDArray x = batches.batch(stepsDone);
        stack.lossAndGradients(x, importance, loss);
        double factor = LrSchedule.multiplier(key.schedule(), stepsDone, key.steps(), key.warmupSteps());
        for (int i = 0; i < stepLr.length; i++) {
            stepLr[i] = baseLr[i] * factor;
        }
        freezeWhere(i -> !Double.isFinite(loss[i]));
        adam.update(stepsDone + 1, stepLr, weightDecay, diverged);
        freezeWhere(i -> !stack.parametersFinite(i));
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

    /** Per instance: frozen because its loss or parameters went non-finite; a fresh array. */
    public boolean[] diverged() {
        return diverged.clone();
    }

    /** A deep copy of everything training continues from. */
    public StackState exportState() {
        return new StackState(stepsDone, instances(), key.hidden(), key.features(),
                HostFloats.copyOf(stack.w()), HostFloats.copyOf(stack.bias()),
                HostFloats.copyOf(adam.firstMomentW()), HostFloats.copyOf(adam.secondMomentW()),
                HostFloats.copyOf(adam.firstMomentBias()), HostFloats.copyOf(adam.secondMomentBias()),
                diverged.clone());
    }

    /**
     * Continues from {@code state}, as exported by a trainer of the same trials: the next
     * {@link #step()} is bit-identical to the one an uninterrupted run would take after
     * {@code state.step()} steps (the batch, the schedule and Adam's bias correction all follow
     * the step). Until then {@link #lastLoss()} holds 0, or NaN for diverged instances.
     *
     * @throws IllegalArgumentException if the state's shape differs from this stack's, or its
     *                                  step is past the stack's total
     */
    public void restore(StackState state) {
        if (state.instances() != instances() || state.hidden() != key.hidden()
                || state.features() != key.features()) {
            throw new IllegalArgumentException("cannot restore a state of " + state.shape() + " into a stack of "
                    + StackState.shape(instances(), key.hidden(), key.features()));
        }
        if (state.step() > key.steps()) {
            throw new IllegalArgumentException("cannot restore a state at step " + state.step()
                    + " into a stack that trains " + key.steps() + " steps");
        }
        HostFloats.copyInto(state.w(), stack.w());
        HostFloats.copyInto(state.b(), stack.bias());
        HostFloats.copyInto(state.adamMw(), adam.firstMomentW());
        HostFloats.copyInto(state.adamVw(), adam.secondMomentW());
        HostFloats.copyInto(state.adamMb(), adam.firstMomentBias());
        HostFloats.copyInto(state.adamVb(), adam.secondMomentBias());
        System.arraycopy(state.diverged(), 0, diverged, 0, diverged.length);
        for (int i = 0; i < loss.length; i++) {
            loss[i] = diverged[i] ? Double.NaN : 0.0;
        }
        // The prefetcher needs no reset: batch(step) draws any step it does not hold.
        stepsDone = state.step();
    }

    public long stepsDone() {
        return stepsDone;
    }

    public TrainingProgress progress() {
        return new TrainingProgress(stepsDone, key.steps(), key.logEvery());
    }

    /** Per-instance loss of the latest step (before that step's update), NaN once diverged; a fresh array. */
    public double[] lastLoss() {
        return loss.clone();
    }

    /** A copy of instance {@code instance}'s current W [H, F] and b. */
    public TmsWeights weights(int instance) {
        return stack.weights(instance);
    }

    /** Bytes of native (off-heap) memory the stack's preallocated buffers hold. */
    public long nativeBytes() {
        return stack.nativeBytes() + adam.nativeBytes() + batches.nativeBytes();
    }

    @Override
    public void close() {
        batches.close();
        adam.close();
        stack.close();
    }
}
