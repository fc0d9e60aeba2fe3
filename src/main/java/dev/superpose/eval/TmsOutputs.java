package dev.superpose.eval;

import dev.superpose.analysis.FeatureGeometry;
import dev.superpose.analysis.FeatureStats;
import dev.superpose.analysis.NeuronLoadings;
import dev.superpose.analysis.TmsAnalysis;
import dev.superpose.analysis.TmsHeldOutLoss;
import dev.superpose.analysis.TmsSummary;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import dev.superpose.report.CsvTable;
import dev.superpose.store.StepLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outputs of the {@code tms} and {@code tms-neuron} experiments: per-trial representation
 * metrics, {@code features.csv} (and {@code neurons.csv} for tms-neuron) and the weight figures.
 */
final class TmsOutputs implements ExperimentOutputs {
    private static final String POLYSEMANTIC_NEURONS = "polysemantic_neurons";
    private static final String TEST_LOSS = "test_loss";
    /** Fresh samples the test loss averages over. */
    static final int TEST_SAMPLES = 10_000;

    /** A finished TMS trial with its weights and their analysis. */
    record TmsTrial(FinishedTrial trial, TmsWeights weights, TmsSummary summary) {
    }

    private final Experiment experiment;

    TmsOutputs(Experiment experiment) {
        this.experiment = experiment;
    }

    /**
     * {@code loss}, {@code test_loss} (on {@value #TEST_SAMPLES} fresh samples no step trained on:
     * the generalisation loss of a model trained on a fixed data set), {@code n_represented},
     * {@code dims_per_feature}, one {@code geometry_*} count per {@link FeatureGeometry}, and for
     * tms-neuron {@code polysemantic_neurons}.
     */
    @Override
    public List<String> metricColumns() {
        List<String> columns = new ArrayList<>(List.of("loss", TEST_LOSS, "n_represented", "dims_per_feature"));
        for (FeatureGeometry geometry : FeatureGeometry.values()) {
            columns.add(geometry.countColumn());
        }
        if (experiment == Experiment.TMS_NEURON) {
            columns.add(POLYSEMANTIC_NEURONS);
        }
        return List.copyOf(columns);
    }

    @Override
    public boolean isCount(String column) {
        return !column.equals("loss") && !column.equals(TEST_LOSS) && !column.equals("dims_per_feature");
    }

    @Override
    public List<Map<String, Double>> metrics(List<TrialConfig> configs, List<TrialWeights> weights) {
        List<Map<String, Double>> all = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            TmsWeights w = TmsWeights.from(weights.get(i));
            TmsSummary summary = summarize(configs.get(i), w);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(TEST_LOSS, testLoss(configs.get(i), w));
            metrics.put("n_represented", (double) summary.nRepresented());
            metrics.put("dims_per_feature", summary.dimsPerFeature());
            summary.geometryCounts().forEach((geometry, count) -> metrics.put(geometry.countColumn(), (double) count));
            if (experiment == Experiment.TMS_NEURON) {
                metrics.put(POLYSEMANTIC_NEURONS, (double) NeuronLoadings.polysemanticNeurons(w));
            }
            all.add(metrics);
        }
        return all;
    }

    @Override
    public void export(SweepPlan plan, List<FinishedTrial> finished, Map<String, List<StepLoss>> curves,
                       Path resultsDir) throws IOException {
        List<TmsTrial> trials = new ArrayList<>(finished.size());
        for (FinishedTrial trial : finished) {
            TmsWeights w = TmsWeights.from(trial.weights());
            trials.add(new TmsTrial(trial, w, summarize(trial.spec().config(), w)));
        }
        writeFeatures(trials, resultsDir);
        if (experiment == Experiment.TMS_NEURON) {
            writeNeurons(trials, resultsDir);
        }
        new TmsFigures(resultsDir.resolve("plots")).draw(plan, trials);
    }

    private static double testLoss(TrialConfig config, TmsWeights w) {
        float[] x = new float[TEST_SAMPLES * w.features()];
        FeatureSampler.fresh(w.features(), config.data(), config.seed()).fill(0, TEST_SAMPLES, x, 0);
        return TmsHeldOutLoss.of(w, TmsArchitecture.of(config.experiment(), config.model().variant()),
                config.data().importanceValues(), x);
    }

    private static TmsSummary summarize(TrialConfig config, TmsWeights w) {
        return TmsAnalysis.summarize(w, config.data().importanceValues(), config.data().featureProbability());
    }

    /** The columns every trials.csv starts with (README, "Outputs"), then {@code geometry}. */
    private static void writeFeatures(List<TmsTrial> trials, Path resultsDir) throws IOException {
        List<String> header = List.of("trial_id", "feature", "importance", "probability", "norm", "interference",
                "dimensionality", "bias", "geometry");
        List<List<Object>> table = new ArrayList<>();
        for (TmsTrial t : trials) {
            for (FeatureStats f : t.summary().features()) {
                table.add(List.of(t.trial().spec().trialId(), f.feature(), f.importance(), f.probability(), f.norm(),
                        f.interference(), f.dimensionality(), f.bias(), f.geometry().text()));
            }
        }
        CsvTable.write(resultsDir.resolve("features.csv"), header, table);
    }

    /** Every loading W[n, i] of every finished trial (privileged basis: neuron n is a hidden unit). */
    private static void writeNeurons(List<TmsTrial> trials, Path resultsDir) throws IOException {
        List<String> header = List.of("trial_id", "neuron", "feature", "weight");
        List<List<Object>> table = new ArrayList<>();
        for (TmsTrial t : trials) {
            TmsWeights w = t.weights();
            for (int n = 0; n < w.hidden(); n++) {
                for (int i = 0; i < w.features(); i++) {
                    table.add(List.of(t.trial().spec().trialId(), n, i, w.w(n, i)));
                }
            }
        }
        CsvTable.write(resultsDir.resolve("neurons.csv"), header, table);
    }
}
