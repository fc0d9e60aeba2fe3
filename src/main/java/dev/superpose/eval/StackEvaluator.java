package dev.superpose.eval;

import dev.superpose.store.Lifecycle.TrialStatus;

import dev.superpose.config.TrialConfig;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzReader;
import dev.superpose.report.NpzWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trained stack into per-trial scalar metrics (the experiment's {@link
 * ExperimentOutputs#metricColumns()}) and writes each finite trial's weights to
 * {@code models/<sweep>/<trial_id>.npz}. A trial whose loss or weights are not finite is DIVERGED.
 */
public final class StackEvaluator {
    private final Path modelsDir;
    private final ExperimentOutputs outputs;

    /**
     * @param modelsDir the sweep's weight directory, {@code models/<sweep>}
     * @param outputs   the sweep's experiment outputs, kept for the run: what they load to evaluate a
     *                  stack (an SAE's transformer probe) serves every later stack
     */
    public StackEvaluator(Path modelsDir, ExperimentOutputs outputs) {
        this.modelsDir = modelsDir;
        this.outputs = outputs;
    }

    public List<TrialEvaluation> evaluate(List<String> trialIds, List<TrialConfig> configs, List<TrialWeights> weights,
                                          double[] finalLosses) {
        List<Integer> finite = new ArrayList<>();
        for (int i = 0; i < trialIds.size(); i++) {
            if (Double.isFinite(finalLosses[i]) && weights.get(i).allFinite()) {
                finite.add(i);
            }
        }
        List<Map<String, Double>> metrics = configs.isEmpty() ? List.of()
                : outputs.metrics(finite.stream().map(configs::get).toList(), finite.stream().map(weights::get).toList());
        List<TrialEvaluation> results = new ArrayList<>(trialIds.size());
        int position = 0; // of trial i among the finite ones, which metrics follows
        for (int i = 0; i < trialIds.size(); i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("loss", finalLosses[i]);
            if (position == finite.size() || finite.get(position) != i) {
                results.add(new TrialEvaluation(trialIds.get(i), TrialStatus.DIVERGED, row));
                continue;
            }
            row.putAll(metrics.get(position++));
            writeWeights(trialIds.get(i), weights.get(i));
            results.add(new TrialEvaluation(trialIds.get(i), TrialStatus.DONE, row));
        }
        return results;
    }

    /** Path of a trial's weight file. */
    public static Path weightsFile(Path modelsDir, String trialId) {
        return modelsDir.resolve(trialId + ".npz");
    }

    private void writeWeights(String trialId, TrialWeights weights) {
        try {
            NpzWriter.write(weightsFile(modelsDir, trialId), weights.arrays().stream()
                    .map(a -> NpyArray.of(a.name(), a.shape(), a.data())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write weights of " + trialId + " under " + modelsDir, e);
        }
    }

    /** The float32 arrays of a weight file written by this class, in file order. */
    static TrialWeights readWeights(Path file) throws IOException {
        List<NamedArray> arrays = new ArrayList<>();
        for (Map.Entry<String, NpyArray> entry : NpzReader.read(file).entrySet()) {
            if (!(entry.getValue() instanceof NpyArray.Float32 values)) {
                throw new IOException(file + ": array " + entry.getKey() + " is not float32");
            }
            arrays.add(new NamedArray(entry.getKey(), values.shape(), values.data()));
        }
        return new TrialWeights(arrays);
    }
}
