package dev.superpose.train;

import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.data.StackSampler;
import dev.superpose.model.AbstractTmsStack;

import java.util.List;

/**
 * What the TMS trainers share: the stack-key and importance checks, the prefetched batches, the
 * per-instance importance, the optimisation ({@link StackTraining}) and the {@link StackTrainer}
 * plumbing. A subclass supplies only its {@link Model}: the stack, the parameters Adam updates
 * and each trial's starting weights. A step is a function of (parameters, Adam moments, step
 * index, seeds) only, so an instance's trajectory is the same alone or in any stack.
 * Creating a trainer sets ND4J's process-wide thread counts ({@link ComputeThreads}).
 *
 * @param <S> the stack type
 */
abstract sealed class AbstractTmsStackTrainer<S extends AbstractTmsStack> implements StackTrainer
        permits TmsStackTrainer, TmsAbsStackTrainer {
    private final StackKey key;
    private final S stack;
    private final StackTraining training;
    private final BatchPrefetcher batches;
    private final double[] importance;

    /** A stack and how to train it. */
    record Model<S extends AbstractTmsStack>(S stack, List<StackAdam.Parameter> parameters, Initializer initializer) {
    }

    /** Loads a trial's starting weights, drawn from its seed only, into its instance. */
    @FunctionalInterface
    interface Initializer {
        void load(int instance, long seed);
    }

    /** A stack of {@code instances} trials, whose shared key fixes the stack's shape. */
    @FunctionalInterface
    interface ModelFactory<S extends AbstractTmsStack> {
        Model<S> create(StackKey key, int instances);
    }

    AbstractTmsStackTrainer(List<TrialConfig> instances, ModelFactory<S> models) {
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
        Model<S> model = models.create(key, n);
        this.stack = model.stack();
        this.training = new StackTraining(instances, model.parameters());
        this.batches = new BatchPrefetcher(new StackSampler(instances.stream()
                .map(c -> FeatureSampler.of(features, c.data(), c.seed())).toList(), key.batchSize()));
        this.importance = new double[n * features];
        for (int i = 0; i < n; i++) {
            TrialConfig c = instances.get(i);
            for (int f = 0; f < features; f++) {
                importance[i * features + f] = c.data().importance().get(f);
            }
            model.initializer().load(i, c.seed());
        }
    }

    public StackKey key() {
        return key;
    }

    S stack() {
        return stack;
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
