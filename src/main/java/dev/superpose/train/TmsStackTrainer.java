package dev.superpose.train;

import dev.superpose.config.TrialConfig;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * Trains a stack of TMS trials ({@code tms}, {@code tms-neuron}) that share a {@link StackKey},
 * one optimisation step of every instance per {@link #step()}: W [H, F] and b, weight decay
 * (AdamW) on W only, W initialised by {@link InitialWeights#xavierNormal(long, int, int)}.
 * Schedule, Adam(W), divergence and state: {@link StackTraining}.
 * Creating a trainer sets ND4J's process-wide thread counts ({@link ComputeThreads}).
 */
public final class TmsStackTrainer extends AbstractTmsStackTrainer<TmsStack> {
    private static final String W = "W";
    private static final String BIAS = "b_final";

    public TmsStackTrainer(List<TrialConfig> instances) {
        super(instances, TmsStackTrainer::model);
    }

    private static Model<TmsStack> model(StackKey key, int instances) {
        TmsStack stack = new TmsStack(TmsArchitecture.of(key.experiment(), key.variant()), instances, key.features(),
                key.hidden(), key.batchSize(), DataType.FLOAT);
        return new Model<>(stack, List.of(
                new StackAdam.Parameter(W, stack.w(), stack.gradW(), true),
                new StackAdam.Parameter(BIAS, stack.bias(), stack.gradBias(), false)),
                (i, seed) -> stack.load(i, InitialWeights.xavierNormal(seed, key.hidden(), key.features())));
    }

    /** Instance {@code instance}'s W [hidden, features] and b_final [features]. */
    @Override
    public TrialWeights weights(int instance) {
        return tmsWeights(instance).toTrialWeights();
    }

    /** A copy of instance {@code instance}'s current W [H, F] and b. */
    public TmsWeights tmsWeights(int instance) {
        return stack().weights(instance);
    }
}
