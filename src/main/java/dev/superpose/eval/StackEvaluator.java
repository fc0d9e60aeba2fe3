package dev.superpose.eval;

import dev.superpose.analysis.FeatureGeometry;
import dev.superpose.analysis.NeuronLoadings;
import dev.superpose.analysis.TmsAnalysis;
import dev.superpose.analysis.TmsSummary;
import dev.superpose.config.Experiment;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.TmsWeights;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trained stack into per-trial scalar metrics ({@link #metricColumns}) and writes each
 * finite trial's weights to {@code models/<sweep>/<trial_id>.npz}. A trial whose loss or weights
 * are not finite is DIVERGED.
 */
public final class StackEvaluator {
    private static final String POLYSEMANTIC_NEURONS = "polysemantic_neurons";

    private final Path modelsDir;

    /** @param modelsDir the sweep's weight directory, {@code models/<sweep>} */
    public StackEvaluator(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    public List<TrialEvaluation> evaluate(List<String> trialIds, List<TrialConfig> configs, List<TmsWeights> weights,
                                          double[] finalLosses) {
        List<TrialEvaluation> results = new ArrayList<>(trialIds.size());
        for (int i = 0; i < trialIds.size(); i++) {
            results.add(evaluate(trialIds.get(i), configs.get(i), weights.get(i), finalLosses[i]));
        }
        return results;
    }

    private TrialEvaluation evaluate(String trialId, TrialConfig config, TmsWeights w, double loss) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", loss);
        if (!Double.isFinite(loss) || !allFinite(w.w()) || !allFinite(w.bias())) {
            return new TrialEvaluation(trialId, TrialStatus.DIVERGED, metrics);
        }
        double[] importance = config.data().importanceValues();
        TmsSummary summary = TmsAnalysis.summarize(w, importance, config.data().featureProbability());
        metrics.put("n_represented", (double) summary.nRepresented());
        metrics.put("dims_per_feature", summary.dimsPerFeature());
        summary.geometryCounts().forEach((geometry, count) -> metrics.put(geometry.countColumn(), (double) count));
        if (config.experiment() == Experiment.TMS_NEURON) {
            metrics.put(POLYSEMANTIC_NEURONS, (double) NeuronLoadings.polysemanticNeurons(w));
        }
        writeWeights(trialId, w);
        return new TrialEvaluation(trialId, TrialStatus.DONE, metrics);
    }

    /**
     * The scalar metrics of a trial of {@code experiment}, in column order: {@code loss},
     * {@code n_represented}, {@code dims_per_feature}, one {@code geometry_*} count per
     * {@link FeatureGeometry}, and for tms-neuron {@code polysemantic_neurons}.
     */
    public static List<String> metricColumns(Experiment experiment) {
        List<String> columns = new ArrayList<>(List.of("loss", "n_represented", "dims_per_feature"));
        for (FeatureGeometry geometry : FeatureGeometry.values()) {
            columns.add(geometry.countColumn());
        }
        if (experiment == Experiment.TMS_NEURON) {
            columns.add(POLYSEMANTIC_NEURONS);
        }
        return List.copyOf(columns);
    }

    /** Whether a metric column holds a count (written as an integer), i.e. anything but loss and dims. */
    public static boolean isCount(String column) {
        return !column.equals("loss") && !column.equals("dims_per_feature");
    }

    /** Path of a trial's weight file. */
    public static Path weightsFile(Path modelsDir, String trialId) {
        return modelsDir.resolve(trialId + ".npz");
    }

    private void writeWeights(String trialId, TmsWeights w) {
        try {
            NpzWriter.write(weightsFile(modelsDir, trialId), List.of(
                    NpyArray.of("W", new int[]{w.hidden(), w.features()}, w.w()),
                    NpyArray.of("b_final", new int[]{w.features()}, w.bias())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights of " + trialId + " under " + modelsDir, e);
        }
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
