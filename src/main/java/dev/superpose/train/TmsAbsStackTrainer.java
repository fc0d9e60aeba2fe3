package dev.superpose.train;

import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StackSampler;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsAbsStack;
import dev.superpose.model.TrialWeights;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * Trains a stack of {@code tms-abs} trials (computation in superposition: y = ReLU(W2·ReLU(W1 x)
 * + b) learning |x|) that share a {@link StackKey}, one optimisation step of every instance per
 * {@link #step()}. The data should be signed ({@code data.magnitude = signed-uniform}); the
 * trainer takes whatever the config draws. Weight decay (AdamW) applies to W1 and W2, not b.
 *
 * <p>Initialisation, from the trial's seed only: W1 [H, F] is Xavier-normal matrix 0 of the
 * seed (the W a {@code tms} trial of that seed starts from), W2 [F, H] Xavier-normal matrix 1,
 * both N(0, 2/(H+F)); b = 0. See {@link InitialWeights}.
 * Creating a trainer sets ND4J's process-wide thread counts ({@link ComputeThreads}).
 */
public final class TmsAbsStackTrainer implements StackTrainer {
    private final StackKey key;
    private final TmsAbsStack stack;
    private final StackTraining training;
    private final BatchPrefetcher batches;
    private final double[] importance;

    public TmsAbsStackTrainer(List<TrialConfig> instances) {
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
        int hidden = key.hidden();
        this.stack = new TmsAbsStack(n, features, hidden, key.batchSize(), DataType.FLOAT);
        this.training = new StackTraining(instances, List.of(
                new StackAdam.Parameter(TmsAbsStack.W1, stack.w1(), stack.gradW1(), true),
                new StackAdam.Parameter(TmsAbsStack.W2, stack.w2(), stack.gradW2(), true),
                new StackAdam.Parameter(TmsAbsStack.BIAS, stack.bias(), stack.gradBias(), false)));
        this.batches = new BatchPrefetcher(new StackSampler(instances.stream()
                .map(c -> FeatureSampler.of(features, c.data(), c.seed())).toList(), key.batchSize()));
        this.importance = new double[n * features];
        for (int i = 0; i < n; i++) {
            TrialConfig c = instances.get(i);
            for (int f = 0; f < features; f++) {
                importance[i * features + f] = c.data().importance().get(f);
            }
            stack.load(i, initialWeights(c.seed(), hidden, features));
        }
    }

    /** A trial's starting point: W1, W2 Xavier-normal from its seed, b = 0. */
    static TrialWeights initialWeights(long seed, int hidden, int features) {
        return TrialWeights.of(
                new NamedArray(TmsAbsStack.W1, new int[]{hidden, features}, InitialWeights.xavierNormal(seed, 0, hidden, features)),
                new NamedArray(TmsAbsStack.W2, new int[]{features, hidden}, InitialWeights.xavierNormal(seed, 1, features, hidden)),
                new NamedArray(TmsAbsStack.BIAS, new int[]{features}, new float[features]));
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

    /** Instance {@code instance}'s W1 [hidden, features], W2 [features, hidden] and b_final [features]. */
    @Override
    public TrialWeights weights(int instance) {
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
