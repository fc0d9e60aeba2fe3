package dev.superpose.train;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrainConfig;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.SaeShape;

/**
 * What all SAEs of one stack share: the sparsity rule (with its k), the shapes, the structural
 * options, the step schedule and the data order (every instance sees the same batches).
 *
 * @param shape    what each model reads and reconstructs: d of an SAE's rows, or a transcoder's d_in and d_out
 * @param latents  L, the dictionary size
 * @param dataSeed keys the shuffled epoch order of the training pool
 * @param keepLastBatch each epoch ends with a short batch of the pool's rows left over (else they
 *                      are left out of that epoch)
 */
public record SaeStackSpec(Architecture architecture, SaeShape shape, int latents, SaeOptions options, int batchSize,
                           int steps, Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery,
                           long dataSeed, boolean keepLastBatch) {

    public SaeStackSpec {
        if (architecture == null || shape == null || options == null || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("an SAE stack needs a sparsity rule, a shape, options, an optimiser"
                    + " and a schedule");
        }
        if (latents < 1 || batchSize < 1 || steps < 1 || logEvery < 1) {
            throw new IllegalArgumentException("SAE stack sizes must be positive, got latents=" + latents + " batch="
                    + batchSize + " steps=" + steps + " logEvery=" + logEvery);
        }
        if (warmupSteps < 0 || warmupSteps > steps) {
            throw new IllegalArgumentException("warm-up steps must be in [0, " + steps + "], got " + warmupSteps);
        }
        architecture.requireFits(latents);
        options.auxK().requireFits(architecture, latents);
    }

    /** Models of {@code shape} in epochs without a short last batch. */
    public SaeStackSpec(Architecture architecture, SaeShape shape, int latents, SaeOptions options, int batchSize,
                        int steps, Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery,
                        long dataSeed) {
        this(architecture, shape, latents, options, batchSize, steps, optimizer, schedule, warmupSteps, logEvery,
                dataSeed, false);
    }

    /** SAEs of d = {@code inputs} dimensions in epochs without a short last batch. */
    public SaeStackSpec(Architecture architecture, int inputs, int latents, SaeOptions options, int batchSize,
                        int steps, Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery,
                        long dataSeed) {
        this(architecture, SaeShape.autoencoder(inputs), latents, options, batchSize, steps, optimizer, schedule,
                warmupSteps, logEvery, dataSeed, false);
    }

    /** d_in, the dimension of the rows the models read. */
    public int inputs() {
        return shape.inputs();
    }

    /** The shared half of the training settings; learning rate and weight decay come per instance. */
    TrainConfig sharedTraining() {
        return new TrainConfig(steps, batchSize, 0.0, optimizer, 0.0, schedule, warmupSteps, logEvery);
    }
}
