package dev.superpose.train;

import dev.superpose.config.TrialConfig;
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
public final class TmsAbsStackTrainer extends AbstractTmsStackTrainer<TmsAbsStack> {
    public TmsAbsStackTrainer(List<TrialConfig> instances) {
        super(instances, TmsAbsStackTrainer::model);
    }

    private static Model<TmsAbsStack> model(StackKey key, int instances) {
        TmsAbsStack stack = new TmsAbsStack(instances, key.features(), key.hidden(), key.batchSize(), DataType.FLOAT);
        return new Model<>(stack, List.of(
                new StackAdam.Parameter(TmsAbsStack.W1, stack.w1(), stack.gradW1(), true),
                new StackAdam.Parameter(TmsAbsStack.W2, stack.w2(), stack.gradW2(), true),
                new StackAdam.Parameter(TmsAbsStack.BIAS, stack.bias(), stack.gradBias(), false)),
                (i, seed) -> stack.load(i, initialWeights(seed, key.hidden(), key.features())));
    }

    /** A trial's starting point: W1, W2 Xavier-normal from its seed, b = 0. */
    static TrialWeights initialWeights(long seed, int hidden, int features) {
        return TrialWeights.of(
                new NamedArray(TmsAbsStack.W1, new int[]{hidden, features}, InitialWeights.xavierNormal(seed, 0, hidden, features)),
                new NamedArray(TmsAbsStack.W2, new int[]{features, hidden}, InitialWeights.xavierNormal(seed, 1, features, hidden)),
                new NamedArray(TmsAbsStack.BIAS, new int[]{features}, new float[features]));
    }

    /** Instance {@code instance}'s W1 [hidden, features], W2 [features, hidden] and b_final [features]. */
    @Override
    public TrialWeights weights(int instance) {
        return stack().weights(instance);
    }
}
