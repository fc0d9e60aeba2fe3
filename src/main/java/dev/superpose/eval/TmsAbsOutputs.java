package dev.superpose.eval;

import dev.superpose.analysis.NeuronLoadings;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import dev.superpose.report.CsvTable;
import dev.superpose.report.NeuronLoadingsFigure;
import dev.superpose.report.PanelWeights;
import dev.superpose.store.StepLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outputs of {@code tms-abs} (computation in superposition, y = ReLU(W2·ReLU(W1 x) + b) ≈ |x|):
 * how many hidden neurons compute one feature's absolute value and how many mix several, read
 * off W1 with signed inputs ({@link NeuronLoadings}); {@code neurons.csv} with both matrices;
 * {@code plots/neurons.png}, one stacked bar per neuron of its W1 loadings.
 */
final class TmsAbsOutputs implements ExperimentOutputs {
    private static final List<String> COLUMNS = List.of("loss", "monosemantic_neurons", "polysemantic_neurons",
            "dead_neurons");

    @Override
    public List<String> metricColumns() {
        return COLUMNS;
    }

    @Override
    public boolean isCount(String column) {
        return !column.equals("loss");
    }

    @Override
    public List<Map<String, Double>> metrics(List<TrialConfig> configs, List<TrialWeights> weights) {
        List<Map<String, Double>> all = new ArrayList<>(weights.size());
        for (TrialWeights w : weights) {
            int[] loads = NeuronLoadings.featuresPerNeuron(firstLayer(w), true);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("monosemantic_neurons", (double) NeuronLoadings.neuronsLoadedBy(loads, 1, 1));
            metrics.put("polysemantic_neurons", (double) NeuronLoadings.neuronsLoadedBy(loads, 2, Integer.MAX_VALUE));
            metrics.put("dead_neurons", (double) NeuronLoadings.neuronsLoadedBy(loads, 0, 0));
            all.add(metrics);
        }
        return all;
    }

    /** W1 [hidden, features] with b_final, in the shape the neuron analyses and figures read. */
    private static TmsWeights firstLayer(TrialWeights w) {
        NamedArray w1 = w.get("W1");
        return new TmsWeights(w1.dim(0), w1.dim(1), w1.data(), w.get("b_final").data());
    }

    @Override
    public void export(SweepPlan plan, List<FinishedTrial> finished, Map<String, List<StepLoss>> curves,
                       Path resultsDir) throws IOException {
        List<String> header = List.of("trial_id", "neuron", "feature", "w1", "w2");
        List<List<Object>> table = new ArrayList<>();
        for (FinishedTrial trial : finished) {
            NamedArray w1 = trial.weights().get("W1");
            NamedArray w2 = trial.weights().get("W2");
            int hidden = w1.dim(0);
            int features = w1.dim(1);
            for (int n = 0; n < hidden; n++) {
                for (int i = 0; i < features; i++) {
                    table.add(List.of(trial.spec().trialId(), n, i, w1.data()[n * features + i],
                            w2.data()[i * hidden + n]));
                }
            }
        }
        CsvTable.write(resultsDir.resolve("neurons.csv"), header, table);
        List<FinishedTrial> shown = GridPoints.lowestLossPerPoint(finished, f -> f, TmsFigures.MAX_PANELS);
        if (!shown.isEmpty()) {
            NeuronLoadingsFigure.write(resultsDir.resolve("plots").resolve("neurons.png"),
                    plan.name() + ": W1 loadings of each hidden neuron (|x| needs a neuron per sign)"
                            + GridPoints.selectionNote(plan, shown.size()),
                    shown.stream().map(TmsAbsOutputs::neuronPanel).toList());
        }
    }

    /** The first layer's loadings, titled with the grid point and how many neurons are polysemantic. */
    private static PanelWeights neuronPanel(FinishedTrial trial) {
        TmsWeights layer = firstLayer(trial.weights());
        int[] loads = NeuronLoadings.featuresPerNeuron(layer, true);
        return new PanelWeights(TrialTitle.of(trial.spec()) + ": "
                + NeuronLoadings.neuronsLoadedBy(loads, 2, Integer.MAX_VALUE) + "/" + layer.hidden() + " polysemantic",
                layer.hidden(), layer.features(), layer.w(), layer.bias(), trial.spec().config().data().importanceValues());
    }
}
