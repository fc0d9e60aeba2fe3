package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.Magnitude;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;

/**
 * Everything trials must share to be trained in one stack. What may differ within a stack, per
 * instance: seed, feature probability, importance, learning rate, weight decay, unit norm.
 *
 * @param datasetSize {@code data.dataset-size}: 0 for fresh samples, else the fixed training set's size
 * @param batchSize   samples per step: {@code train.batch-size}, or the whole fixed training set
 */
public record StackKey(Experiment experiment, int features, int hidden, Variant variant, Magnitude magnitude,
                       FeatureSets sets, int datasetSize, int steps, int batchSize,
                       Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery) {

    public static StackKey of(TrialConfig c) {
        int datasetSize = c.data().datasetSize();
        return new StackKey(c.experiment(), c.model().features(), c.model().hidden(), c.model().variant(),
                c.data().magnitude(), c.data().sets(), datasetSize, c.train().steps(),
                datasetSize > 0 ? datasetSize : c.train().batchSize(), c.train().optimizer(), c.train().schedule(),
                c.train().warmupSteps(), c.train().logEvery());
    }
}
