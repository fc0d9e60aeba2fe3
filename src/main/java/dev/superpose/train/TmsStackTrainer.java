package dev.superpose.train;

import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StackSampler;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * Trains a stack of TMS trials that share a {@link StackKey}, one optimisation step of every
 * instance per {@link #step()}. A step is a function of (W, b, Adam moments, step index, seeds)
 * only, so an instance's trajectory is the same alone or in any stack. Schedule, Adam(W) with
 * decay on W only, divergence and state: {@link StackTraining}.
 * Creating a trainer sets ND4J's process-wide thread counts ({@link ComputeThreads}).
 */
public final class TmsStackTrainer implements StackTrainer {
    private static final String W = "W";
    private static final String BIAS = "b_final";

    private final StackKey key;
    private final TmsStack stack;
    private final StackTraining training;
    private final BatchPrefetcher batches;
    private final double[] importance;

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
        this.training = new StackTraining(instances, List.of(
                new StackAdam.Parameter(W, stack.w(), stack.gradW(), true),
                new StackAdam.Parameter(BIAS, stack.bias(), stack.gradBias(), false)));
        this.batches = new BatchPrefetcher(new StackSampler(instances.stream()
                .map(c -> FeatureSampler.of(features, c.data(), c.seed())).toList(), key.batchSize()));
        this.importance = new double[n * features];
        for (int i = 0; i < n; i++) {
            TrialConfig c = instances.get(i);
            for (int f = 0; f < features; f++) {
                importance[i * features + f] = c.data().importance().get(f);
            }
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

    @Override
    public void step() {
        training.requireStepsLeft();
        stack.lossAndGradients(batches.batch(training.stepsDone()), importance, training.loss());
        training.update();
    }

    @Override
    public boolean[] diverged() {
        return training.diverged();
    }

    @Override
    public StackState exportState() {
        return training.exportState();
    }

    /** The prefetcher needs no reset: {@code batch(step)} draws any step it does not hold. */
    @Override
    public void restore(StackState state) {
        training.restore(state);
    }

    @Override
    public long stepsDone() {
        return training.stepsDone();
    }

    @Override
    public TrainingProgress progress() {
        return training.progress();
    }

    @Override
    public double[] lastLoss() {
        return training.lastLoss();
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

    @Override
    public long nativeBytes() {
        return stack.nativeBytes() + training.nativeBytes() + batches.nativeBytes();
    }

    @Override
    public void close() {
        batches.close();
        training.close();
        stack.close();
    }
}
