package dev.superpose.eval;

import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.TrialWeights;
import dev.superpose.store.StepLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one experiment adds to the generic outputs (trials.csv, the .npz files, loss curves): its
 * scalar metrics per trial, and its own tables and figures for a sweep. An instance may keep
 * what it loads to evaluate (an SAE sweep's transformer probes) for its life: one serves a run's
 * evaluations and export.
 */
public interface ExperimentOutputs {

    /**
     * The outputs of {@code experiment}.
     *
     * @param home the home directory, where an SAE's source data is found again for evaluation
     */
    static ExperimentOutputs of(Experiment experiment, Path home) {
        return switch (experiment) {
            case TMS, TMS_NEURON -> new TmsOutputs(experiment);
            case TMS_ABS -> new TmsAbsOutputs();
            case SAE -> new SaeSweepOutputs(home);
        };
    }

    /** The scalar metric columns of trials.csv, in order; the first is the final training loss. */
    List<String> metricColumns();

    /** Whether a metric column holds a count (written as an integer). */
    boolean isCount(String column);

    /**
     * The metrics of a stack's finite trials, except {@code loss}, which the caller adds: one map
     * per trial, keyed by {@link #metricColumns()}.
     */
    List<Map<String, Double>> metrics(List<TrialConfig> configs, List<TrialWeights> weights);

    /**
     * Writes the experiment's own tables under {@code resultsDir} and figures under
     * {@code resultsDir/plots}, from the finished trials (in plan order).
     */
    void export(SweepPlan plan, List<FinishedTrial> finished, Map<String, List<StepLoss>> curves, Path resultsDir)
            throws IOException;
}
