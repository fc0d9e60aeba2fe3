package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StackSampler;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
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
public final class TmsStackTrainer implements StackTrainer {
    private static final String W = "W";
    private static final String BIAS = "b_final";

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
        this.adam = new StackAdam(List.of(
                new StackAdam.Parameter(W, stack.w(), stack.gradW(), true),
                new StackAdam.Parameter(BIAS, stack.bias(), stack.gradBias(), false)));
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

    @Override
    public int instances() {
        return stack.instances();
    }

    /** One optimisation step of every instance that has not diverged. */
    @Override
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
    @Override
    public boolean[] diverged() {
        return diverged.clone();
    }

    @Override
    public StackState exportState() {
        List<NamedArray> arrays = new ArrayList<>(List.of(HostFloats.named(W, stack.w()),
                HostFloats.named(BIAS, stack.bias())));
        arrays.addAll(adam.exportMoments());
        return new StackState(stepsDone, instances(), arrays, diverged.clone());
    }

    @Override
    public void restore(StackState state) {
        state.requireShapeOf(exportState());
        if (state.step() > key.steps()) {
            throw new IllegalArgumentException("cannot restore a state at step " + state.step()
                    + " into a stack that trains " + key.steps() + " steps");
        }
        HostFloats.copyInto(state.array(W).data(), stack.w());
        HostFloats.copyInto(state.array(BIAS).data(), stack.bias());
        adam.restoreMoments(state);
        System.arraycopy(state.diverged(), 0, diverged, 0, diverged.length);
        for (int i = 0; i < loss.length; i++) {
            loss[i] = diverged[i] ? Double.NaN : 0.0;
        }
        // The prefetcher needs no reset: batch(step) draws any step it does not hold.
        stepsDone = state.step();
    }

    @Override
    public long stepsDone() {
        return stepsDone;
    }

    @Override
    public TrainingProgress progress() {
        return new TrainingProgress(stepsDone, key.steps(), key.logEvery());
    }

    /** Per-instance loss of the latest step (before that step's update), NaN once diverged; a fresh array. */
    @Override
    public double[] lastLoss() {
        return loss.clone();
    }

    /** Instance {@code instance}'s W [hidden, features] and b_final [features]. */
    @Override
    public TrialWeights weights(int instance) {
        return tmsWeights(instance).toTrialWeights();
    }

    /** A copy of instance {@code instance}'s current W [H, F] and b. */
    public TmsWeights tmsWeights(int instance) {
        return stack.weights(instance);
    }

    /** Bytes of native (off-heap) memory the stack's preallocated buffers hold. */
    @Override
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
