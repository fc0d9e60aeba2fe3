package dev.superpose.eval;

import dev.superpose.analysis.FeatureStats;
import dev.superpose.analysis.TmsAnalysis;
import dev.superpose.analysis.TmsSummary;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.model.TmsWeights;
import dev.superpose.report.CsvTable;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzReader;
import dev.superpose.store.Database;
import dev.superpose.store.StepLoss;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a sweep's tables and figures (DESIGN.md §6) from what is stored: H2 rows and the
 * weight files under {@code models/<sweep>/}. It can run again at any time and gives the same
 * files, so a resumed sweep's outputs cover trials of every run.
 */
public final class SweepExporter {
    private final Database db;
    private final Path resultsDir;
    private final Path modelsDir;

    /**
     * @param resultsDir {@code results/<sweep>}
     * @param modelsDir  {@code models/<sweep>}
     */
    public SweepExporter(Database db, Path resultsDir, Path modelsDir) {
        this.db = db;
        this.resultsDir = resultsDir;
        this.modelsDir = modelsDir;
    }

    /** A finished trial with its spec, stored row and trained weights. */
    record TrainedTrial(TrialSpec spec, TrialRow row, TmsWeights weights, TmsSummary summary) {
    }

    public void export(long sweepId, SweepPlan plan) {
        try {
            Files.createDirectories(resultsDir.resolve("plots"));
            Map<String, TrialRow> rows = new TrialRepository(db).list(sweepId).stream()
                    .collect(Collectors.toMap(TrialRow::trialId, Function.identity()));
            writeTrials(plan, rows);
            List<TrainedTrial> trained = loadTrained(plan, rows);
            writeFeatures(trained);
            if (plan.experiment() == Experiment.TMS_NEURON) {
                writeNeurons(trained);
            }
            Map<String, List<StepLoss>> curves = new StepMetricRepository(db).lossCurves(sweepId);
            new SweepFigures(resultsDir.resolve("plots")).draw(plan, trained, curves);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs of sweep " + plan.name() + " under "
                    + resultsDir, e);
        }
    }

    private void writeTrials(SweepPlan plan, Map<String, TrialRow> rows) throws IOException {
        List<String> header = new ArrayList<>(List.of("trial_id", "seed", "status"));
        header.addAll(plan.gridPaths());
        List<String> metricColumns = StackEvaluator.metricColumns(plan.experiment());
        header.addAll(metricColumns);
        List<List<Object>> table = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            Map<String, Double> metrics = Json.readObject(row == null ? null : row.metricsJson(), Double.class);
            List<Object> line = new ArrayList<>(List.of(trial.trialId(), trial.seed(),
                    row == null ? TrialStatus.PENDING.id() : row.status()));
            plan.gridPaths().forEach(path -> line.add(trial.gridPoint().get(path)));
            metricColumns.forEach(column -> line.add(cell(column, metrics.get(column))));
            table.add(line);
        }
        CsvTable.write(resultsDir.resolve("trials.csv"), header, table);
    }

    private static Object cell(String column, Double value) {
        return value != null && StackEvaluator.isCount(column) ? (Object) value.longValue() : value;
    }

    private List<TrainedTrial> loadTrained(SweepPlan plan, Map<String, TrialRow> rows) throws IOException {
        List<TrainedTrial> trained = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            if (row == null || !TrialStatus.DONE.id().equals(row.status())) {
                continue;
            }
            TmsWeights weights = readWeights(StackEvaluator.weightsFile(modelsDir, trial.trialId()));
            double[] importance = trial.config().data().importanceValues();
            trained.add(new TrainedTrial(trial, row, weights,
                    TmsAnalysis.summarize(weights, importance, trial.config().data().featureProbability())));
        }
        return trained;
    }

    private static TmsWeights readWeights(Path file) throws IOException {
        Map<String, NpyArray> arrays = NpzReader.read(file);
        if (!(arrays.get("W") instanceof NpyArray.Float32 w) || !(arrays.get("b_final") instanceof NpyArray.Float32 b)
                || w.shape().length != 2) {
            throw new IOException(file + ": expected float32 arrays W [hidden, features] and b_final [features]");
        }
        return new TmsWeights(w.shape()[0], w.shape()[1], w.data(), b.data());
    }

    /** The columns DESIGN.md and issue 2 fix, then {@code geometry}. */
    private void writeFeatures(List<TrainedTrial> trained) throws IOException {
        List<String> header = List.of("trial_id", "feature", "importance", "probability", "norm", "interference",
                "dimensionality", "bias", "geometry");
        List<List<Object>> table = new ArrayList<>();
        for (TrainedTrial t : trained) {
            for (FeatureStats f : t.summary().features()) {
                table.add(List.of(t.spec().trialId(), f.feature(), f.importance(), f.probability(), f.norm(),
                        f.interference(), f.dimensionality(), f.bias(), f.geometry().text()));
            }
        }
        CsvTable.write(resultsDir.resolve("features.csv"), header, table);
    }

    /** Every loading W[n, i] of every finished trial (privileged basis: neuron n is a hidden unit). */
    private void writeNeurons(List<TrainedTrial> trained) throws IOException {
        List<String> header = List.of("trial_id", "neuron", "feature", "weight");
        List<List<Object>> table = new ArrayList<>();
        for (TrainedTrial t : trained) {
            TmsWeights w = t.weights();
            for (int n = 0; n < w.hidden(); n++) {
                for (int i = 0; i < w.features(); i++) {
                    table.add(List.of(t.spec().trialId(), n, i, w.w(n, i)));
                }
            }
        }
        CsvTable.write(resultsDir.resolve("neurons.csv"), header, table);
    }

}
