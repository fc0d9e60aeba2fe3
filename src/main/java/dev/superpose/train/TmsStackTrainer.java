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

/**
 * Trains a stack of TMS trials that share a {@link StackKey}, one optimisation step of every
 * instance per {@link #step()}. A step is a function of (W, b, Adam moments, step index, seeds)
 * only, so an instance's trajectory is the same alone or in any stack.
 * Plain Adam ignores {@code train.weight-decay}; AdamW applies it (decoupled, W only).
 *
 * <p>The whole training state is (W, b of {@link TmsStack}; the four moment arrays of
 * {@link StackAdam}; {@link #stepsDone()}): batches are a function of (seed, step), so restoring
 * those arrays and the step count continues bit-for-bit. Creating a trainer sets ND4J's
 * process-wide thread counts ({@link ComputeThreads}).
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
                .map(c -> new FeatureSampler(features, c.data(), c.seed())).toList(), key.batchSize()));
        this.importance = new double[n * features];
        this.baseLr = new double[n];
        this.weightDecay = new double[n];
        this.stepLr = new double[n];
        this.loss = new double[n];
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

    /** One optimisation step of every instance. */
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
        adam.update(stepsDone + 1, stepLr, weightDecay);
        stepsDone++;
    }

    public long stepsDone() {
        return stepsDone;
    }

    public TrainingProgress progress() {
        return new TrainingProgress(stepsDone, key.steps(), key.logEvery());
    }

    /** Per-instance loss of the latest step (before that step's update); a fresh array. */
    public double[] lastLoss() {
        return loss.clone();
    }

    /** A copy of instance {@code instance}'s current W [H, F] and b. */
    public TmsWeights weights(int instance) {
        return stack.weights(instance);
    }

    @Override
    public void close() {
        batches.close();
        adam.close();
        stack.close();
    }
}
