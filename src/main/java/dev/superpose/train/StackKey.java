package dev.superpose.train;

import dev.superpose.config.Experiment;
import dev.superpose.config.Magnitude;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;

/**
 * Everything trials must share to be trained in one stack. What may differ within a stack, per
 * instance: seed, feature probability, importance, learning rate, weight decay.
 */
public record StackKey(Experiment experiment, int features, int hidden, Variant variant, Magnitude magnitude,
                       int correlatedPairs, int anticorrelatedPairs, int steps, int batchSize,
                       Optimizer optimizer, Schedule schedule, int warmupSteps, int logEvery) {

    public static StackKey of(TrialConfig c) {
        return new StackKey(c.experiment(), c.model().features(), c.model().hidden(), c.model().variant(),
                c.data().magnitude(), c.data().correlatedPairs(), c.data().anticorrelatedPairs(),
                c.train().steps(), c.train().batchSize(), c.train().optimizer(), c.train().schedule(),
                c.train().warmupSteps(), c.train().logEvery());
    }
}
