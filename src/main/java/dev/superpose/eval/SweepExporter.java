package dev.superpose.eval;

import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.files.AtomicFiles;
import dev.superpose.report.CsvTable;
import dev.superpose.report.LossCurve;
import dev.superpose.report.LossCurvesFigure;
import dev.superpose.store.Database;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.StepLoss;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a sweep's tables and figures (README, "Outputs") from what is stored: H2 rows and the
 * weight files under {@code models/<sweep>/}. {@code trials.csv} and the loss curves are common
 * to every experiment; the rest comes from its {@link ExperimentOutputs}. It can run again at
 * any time and gives the same files, so a resumed sweep's outputs cover trials of every run.
 */
public final class SweepExporter {
    /** The last trials.csv column: see {@link LossFlags}. */
    static final String LOSS_FLAG = "loss_flag";
    /** The resolved configuration, as hashed into the sweep's identity. */
    static final String CONFIG_FILE = "config.json";
    private final Database db;
    private final Path resultsDir;
    private final Path modelsDir;
    private final ExperimentOutputs outputs;

    /**
     * @param resultsDir {@code results/<sweep>}
     * @param modelsDir  {@code models/<sweep>}
     * @param outputs    the sweep's experiment outputs ({@link ExperimentOutputs#of}); after a run,
     *                   the ones that evaluated its stacks, with what they loaded
     */
    public SweepExporter(Database db, Path resultsDir, Path modelsDir, ExperimentOutputs outputs) {
        this.db = db;
        this.resultsDir = resultsDir;
        this.modelsDir = modelsDir;
        this.outputs = outputs;
    }

    /**
     * Writes the outputs. A finished trial whose weights file is missing keeps its row (metrics from
     * H2) in the tables but is left out of everything drawn from weights.
     *
     * @return the finished trials whose weights file is missing, in plan order
     */
    public List<String> export(long sweepId, SweepPlan plan) {
        List<String> missing = new ArrayList<>();
        try {
            Files.createDirectories(resultsDir.resolve("plots"));
            Map<String, TrialRow> rows = new TrialRepository(db).list(sweepId).stream()
                    .collect(Collectors.toMap(TrialRow::trialId, Function.identity()));
            Map<String, List<StepLoss>> curves = new StepMetricRepository(db).lossCurves(sweepId);
            writeTrials(plan, outputs, rows, curves);
            LossCurveGroups groups = LossCurveGroups.of(plan);
            List<LossCurve> drawn = lossCurves(plan, groups, curves);
            LossCurvesFigure.write(resultsDir.resolve("plots").resolve("loss-curves.png"),
                    plan.name() + ": training loss" + groups.titleNote(drawn.size()), drawn);
            outputs.export(plan, loadFinished(plan, rows, missing), curves, resultsDir);
            writeLossCurves(plan, curves);
            AtomicFiles.write(resultsDir.resolve(CONFIG_FILE), (plan.canonicalConfig() + "\n").getBytes(StandardCharsets.UTF_8));
            SweepManifest.write(resultsDir, plan); // last: it lists the files written
            return List.copyOf(missing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs of sweep " + plan.name() + " under "
                    + resultsDir, e);
        }
    }

    private void writeTrials(SweepPlan plan, ExperimentOutputs outputs, Map<String, TrialRow> rows,
                             Map<String, List<StepLoss>> curves) throws IOException {
        List<String> header = new ArrayList<>(List.of("trial_id", "seed", "status"));
        header.addAll(plan.gridPaths());
        List<String> metricColumns = outputs.metricColumns();
        header.addAll(metricColumns);
        header.add(LOSS_FLAG);
        Map<String, Map<String, Double>> metricsById = new HashMap<>();
        rows.forEach((id, row) -> metricsById.put(id, Json.readObject(row.metricsJson(), Double.class)));
        Map<String, Double> finalLosses = new HashMap<>();
        metricsById.forEach((id, metrics) -> {
            if (metrics.get("loss") != null) {
                finalLosses.put(id, metrics.get("loss"));
            }
        });
        Map<String, String> flags = LossFlags.of(plan, finalLosses, curves);
        List<List<Object>> table = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            Map<String, Double> metrics = metricsById.getOrDefault(trial.trialId(), Map.of());
            List<Object> line = new ArrayList<>(List.of(trial.trialId(), trial.seed(),
                    (row == null ? TrialStatus.PENDING : row.status()).id()));
            plan.gridPaths().forEach(path -> line.add(trial.gridPoint().get(path)));
            for (String column : metricColumns) {
                Double value = metrics.get(column);
                line.add(value != null && outputs.isCount(column) ? (Object) value.longValue() : value);
            }
            line.add(flags.getOrDefault(trial.trialId(), ""));
            table.add(line);
        }
        CsvTable.write(resultsDir.resolve("trials.csv"), header, table);
    }

    /** {@code loss-curves.csv}: trial_id, step, loss, trials in expansion order. */
    private void writeLossCurves(SweepPlan plan, Map<String, List<StepLoss>> curves) throws IOException {
        List<List<Object>> table = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            for (StepLoss point : curves.getOrDefault(trial.trialId(), List.of())) {
                table.add(List.of(trial.trialId(), point.step(), point.loss()));
            }
        }
        CsvTable.write(resultsDir.resolve("loss-curves.csv"), List.of("trial_id", "step", "loss"), table);
    }

    /**
     * The sweep's finished trials with their weights, in plan order.
     *
     * @param missing receives the finished trials whose weights file is missing
     */
    public List<FinishedTrial> finished(long sweepId, SweepPlan plan, List<String> missing) throws IOException {
        return loadFinished(plan, new TrialRepository(db).list(sweepId).stream()
                .collect(Collectors.toMap(TrialRow::trialId, Function.identity())), missing);
    }

    private List<FinishedTrial> loadFinished(SweepPlan plan, Map<String, TrialRow> rows, List<String> missing)
            throws IOException {
        List<FinishedTrial> finished = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            TrialRow row = rows.get(trial.trialId());
            if (row != null && row.status() == TrialStatus.DONE) {
                Path weights = StackEvaluator.weightsFile(modelsDir, trial.trialId());
                if (Files.isRegularFile(weights)) {
                    finished.add(new FinishedTrial(trial, row, StackEvaluator.readWeights(weights)));
                } else {
                    missing.add(trial.trialId());
                }
            }
        }
        return finished;
    }

    /** One curve per trial, coloured by its group (see {@link LossCurveGroups}). */
    private static List<LossCurve> lossCurves(SweepPlan plan, LossCurveGroups groups,
                                              Map<String, List<StepLoss>> curves) {
        List<LossCurve> result = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            List<StepLoss> points = curves.get(trial.trialId());
            if (points == null || points.isEmpty()) {
                continue;
            }
            result.add(new LossCurve(trial.trialId(), groups.groupOf(trial),
                    points.stream().mapToLong(StepLoss::step).toArray(),
                    points.stream().mapToDouble(StepLoss::loss).toArray()));
        }
        return result;
    }
}
