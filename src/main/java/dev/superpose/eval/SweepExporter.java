package dev.superpose.eval;

import dev.superpose.analysis.FeatureStats;
import dev.superpose.analysis.TmsAnalysis;
import dev.superpose.analysis.TmsSummary;
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
    /** Scalar metric columns of trials.csv, after the grid columns. */
    public static final List<String> METRIC_COLUMNS = List.of("loss", "n_represented", "dims_per_feature");
    /** Metrics that are counts: written as integers. */
    private static final java.util.Set<String> COUNT_COLUMNS = java.util.Set.of("n_represented");

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
        header.addAll(METRIC_COLUMNS);
        List<List<Object>> table = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            Map<String, Double> metrics = Json.readObject(row == null ? null : row.metricsJson(), Double.class);
            List<Object> line = new ArrayList<>(List.of(trial.trialId(), trial.seed(),
                    row == null ? TrialStatus.PENDING.id() : row.status()));
            plan.gridPaths().forEach(path -> line.add(trial.gridPoint().get(path)));
            METRIC_COLUMNS.forEach(column -> line.add(cell(column, metrics.get(column))));
            table.add(line);
        }
        CsvTable.write(resultsDir.resolve("trials.csv"), header, table);
    }

    private static Object cell(String column, Double value) {
        return value != null && COUNT_COLUMNS.contains(column) ? (Object) value.longValue() : value;
    }

    private List<TrainedTrial> loadTrained(SweepPlan plan, Map<String, TrialRow> rows) throws IOException {
        List<TrainedTrial> trained = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            if (row == null || !TrialStatus.DONE.id().equals(row.status())) {
                continue;
            }
            TmsWeights weights = readWeights(StackEvaluator.weightsFile(modelsDir, trial.trialId()));
            double[] importance = trial.config().data().importance().stream().mapToDouble(Double::doubleValue)
                    .toArray();
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

    private void writeFeatures(List<TrainedTrial> trained) throws IOException {
        List<String> header = List.of("trial_id", "feature", "importance", "probability", "norm", "interference",
                "dimensionality", "bias");
        List<List<Object>> table = new ArrayList<>();
        for (TrainedTrial t : trained) {
            for (FeatureStats f : t.summary().features()) {
                table.add(List.of(t.spec().trialId(), f.feature(), f.importance(), f.probability(), f.norm(),
                        f.interference(), f.dimensionality(), f.bias()));
            }
        }
        CsvTable.write(resultsDir.resolve("features.csv"), header, table);
    }

}
