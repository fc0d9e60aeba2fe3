package dev.superpose.eval;

import dev.superpose.analysis.AnalyticPhase;
import dev.superpose.analysis.CellModel;
import dev.superpose.analysis.FeatureGeometry;
import dev.superpose.analysis.FeatureStats;
import dev.superpose.analysis.LowestLoss;
import dev.superpose.analysis.PhaseClassifier;
import dev.superpose.analysis.PhaseDiagram;
import dev.superpose.analysis.PhaseOptimum;
import dev.superpose.analysis.PhaseRegime;
import dev.superpose.analysis.TrainingSetGeometry;
import dev.superpose.config.DataConfig;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.eval.TmsOutputs.TmsTrial;
import dev.superpose.report.DimensionalityFigure;
import dev.superpose.report.DoubleDescentDimensionalityFigure;
import dev.superpose.report.DoubleDescentLossFigure;
import dev.superpose.report.DoubleDescentGeometryFigure;
import dev.superpose.report.FeatureSetsFigure;
import dev.superpose.report.PanelWeights;
import dev.superpose.report.PhaseDiagramFigure;
import dev.superpose.report.SparsitySweepFigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The figures of the TMS literature, each drawn when a sweep's grid has the shape of its
 * experiment: a sweep over feature probability gets the sparsity-sweep figure (and, with uniform
 * importance, the feature-dimensionality figure); feature sets get directions coloured by set;
 * a grid of last-feature importance × probability on 2→1 or 3→2 models gets the phase diagram;
 * a grid over fixed data-set sizes gets the double-descent figures.
 */
final class LiteratureFigures {
    static final String PROBABILITY = "data.feature-probability";
    static final String LAST_IMPORTANCE = "data.last-importance";
    static final String DATASET_SIZE = "data.dataset-size";
    static final String VARIANT = "model.variant";

    private LiteratureFigures() {
    }

    static void draw(SweepPlan plan, List<TmsTrial> trained, Path plotsDir) throws IOException {
        if (trained.isEmpty()) {
            return;
        }
        List<String> grid = plan.gridPaths();
        List<TmsTrial> shown = TmsFigures.onePerGridPoint(trained);
        if (grid.contains(PROBABILITY)) {
            sparsitySweep(plan, shown, plotsDir);
            if (shown.stream().allMatch(t -> uniform(t.trial().spec().config().data().importanceValues()))) {
                dimensionality(plan, shown, plotsDir);
            }
        }
        FeatureSets sets = trained.get(0).trial().spec().config().data().sets();
        if (sets.groupedFeatures() > 0 && trained.get(0).weights().hidden() == 2) {
            featureSets(plan, shown, sets, plotsDir);
        }
        if (grid.size() == 2 && grid.containsAll(List.of(LAST_IMPORTANCE, PROBABILITY))) {
            PhaseDiagram diagram = phaseDiagram(trained.get(0).trial().spec().config());
            if (diagram != null) {
                phaseDiagram(plan, diagram, trained, plotsDir);
            }
        }
        if (grid.contains(DATASET_SIZE) && trained.get(0).weights().hidden() == 2) {
            doubleDescent(plan, shown, plotsDir);
            doubleDescentLoss(plan, trained, shown, plotsDir);
        }
    }

    /**
     * One row per combination of the other gridded settings (variant, importance decay, ...), named
     * by them, one panel per feature probability, in grid order.
     */
    private static void sparsitySweep(SweepPlan plan, List<TmsTrial> shown, Path plotsDir) throws IOException {
        Map<String, List<PanelWeights>> rows = new LinkedHashMap<>();
        for (TmsTrial t : shown) {
            TrialConfig c = t.trial().spec().config();
            String row = TrialTitle.without(t.trial().spec(), Set.of(PROBABILITY));
            rows.computeIfAbsent(row.isEmpty() ? c.model().variant().id() : row, k -> new ArrayList<>())
                    .add(TmsFigures.panel(t, String.format("1−S = %.3g", c.data().featureProbability())));
        }
        List<SparsitySweepFigure.Row> figureRows = rows.entrySet().stream()
                .map(e -> new SparsitySweepFigure.Row(e.getKey(), e.getValue())).toList();
        SparsitySweepFigure.write(plotsDir.resolve("sparsity-sweep.png"),
                plan.name() + ": WᵀW and bias, and feature norms coloured by superposition, per sparsity" + GridPoints.selectionNote(plan, shown.size()), figureRows);
    }

    private static void dimensionality(SweepPlan plan, List<TmsTrial> shown, Path plotsDir) throws IOException {
        List<DimensionalityFigure.Trial> trials = new ArrayList<>();
        for (TmsTrial t : shown) {
            double[] represented = t.summary().features().stream()
                    .filter(f -> f.geometry() != FeatureGeometry.NOT_REPRESENTED)
                    .mapToDouble(FeatureStats::dimensionality).toArray();
            trials.add(new DimensionalityFigure.Trial(t.trial().spec().config().data().featureProbability(),
                    t.summary().dimsPerFeature(), represented));
        }
        int hidden = shown.stream().mapToInt(t -> t.weights().hidden()).max().orElse(0);
        // no guide for an arrangement that cannot exist in these models (3/8 in a plane)
        List<DimensionalityFigure.Guide> guides = Arrays.stream(FeatureGeometry.values())
                .filter(g -> g != FeatureGeometry.NOT_REPRESENTED && g.existsIn(hidden))
                .map(g -> new DimensionalityFigure.Guide(g.text(), g.fraction())).toList();
        DimensionalityFigure.write(plotsDir.resolve("feature-dimensionality.png"),
                plan.name() + ": dimensions per feature D* (line) and each feature's D\u1d62 (dots)" + GridPoints.selectionNote(plan, shown.size()), trials, guides);
    }

    private static void featureSets(SweepPlan plan, List<TmsTrial> shown, FeatureSets sets, Path plotsDir)
            throws IOException {
        int features = shown.get(0).weights().features();
        int[] setOfFeature = new int[features];
        Arrays.fill(setOfFeature, -1);
        List<String> names = new ArrayList<>();
        int feature = 0;
        for (int s = 0; s < sets.correlated() + sets.anticorrelated(); s++) {
            boolean correlated = s < sets.correlated();
            names.add((correlated ? "correlated set " + s : "anticorrelated set " + (s - sets.correlated()))
                    + " (features " + feature + "–" + (feature + sets.size() - 1) + ")");
            for (int m = 0; m < sets.size(); m++) {
                setOfFeature[feature++] = s;
            }
        }
        FeatureSetsFigure.write(plotsDir.resolve("feature-directions-by-set.png"),
                plan.name() + ": feature directions, coloured by set" + GridPoints.selectionNote(plan, shown.size()),
                shown.stream().map(t -> TmsFigures.panel(t, TrialTitle.of(t.trial().spec()))).toList(),
                new FeatureSetsFigure.FeatureSets(setOfFeature, names));
    }

    /** The diagram a trial's shape belongs to, or null: 2 features in 1 dimension, or 3 in 2. */
    private static PhaseDiagram phaseDiagram(TrialConfig c) {
        return Arrays.stream(PhaseDiagram.values())
                .filter(d -> d.features() == c.model().features() && d.hidden() == c.model().hidden())
                .findFirst().orElse(null);
    }

    /** Learned regime of each cell's lowest-loss model, beside the analytic optimum; rows dense at the top. */
    private static void phaseDiagram(SweepPlan plan, PhaseDiagram diagram, List<TmsTrial> trained, Path plotsDir)
            throws IOException {
        List<CellModel<List<Double>>> models = new ArrayList<>();
        for (TmsTrial t : trained) {
            DataConfig data = t.trial().spec().config().data();
            double[] importance = data.importanceValues();
            Double loss = Json.readObject(t.trial().row().metricsJson(), Double.class).get("loss");
            models.add(new CellModel<>(List.of(importance[importance.length - 1], data.featureProbability()),
                    loss == null ? Double.NaN : loss, t.weights()));
        }
        Map<List<Double>, CellModel<List<Double>>> best = LowestLoss.perCell(models);
        double[] importances = best.keySet().stream().mapToDouble(k -> k.get(0)).distinct().sorted().toArray();
        double[] densities = new TreeSet<>(best.keySet().stream().map(k -> k.get(1)).toList()).descendingSet()
                .stream().mapToDouble(Double::doubleValue).toArray();
        PhaseOptimum[][] analytic = AnalyticPhase.grid(diagram, importances, densities);
        int[][] learned = new int[densities.length][importances.length];
        int[][] optimum = new int[densities.length][importances.length];
        for (int row = 0; row < densities.length; row++) {
            for (int col = 0; col < importances.length; col++) {
                CellModel<List<Double>> cell = best.get(List.of(importances[col], densities[row]));
                learned[row][col] = cell == null ? -1
                        : PhaseClassifier.classify(cell.weights(), diagram.extraFeature()).ordinal();
                optimum[row][col] = analytic[row][col].regime().ordinal();
            }
        }
        List<String> columns = Arrays.stream(importances).mapToObj(r -> String.format("%.2g", r)).toList();
        List<String> rows = Arrays.stream(densities).mapToObj(p -> String.format("%.2g", p)).toList();
        String x = "relative importance of the last feature";
        String y = "feature density 1 − S";
        int seeds = plan.trials().size() / Math.max(1, importances.length * densities.length);
        PhaseDiagramFigure.write(plotsDir.resolve("phase-diagram.png"),
                plan.name() + ": " + diagram.features() + " features in " + diagram.hidden() + " dimension"
                        + (diagram.hidden() > 1 ? "s" : ""),
                Arrays.stream(PhaseRegime.values()).map(PhaseRegime::label).toList(),
                List.of(new PhaseDiagramFigure.Grid("learned (lowest loss of " + seeds + " seeds)", x, columns, y, rows,
                                learned),
                        new PhaseDiagramFigure.Grid("analytic optimum", x, columns, y, rows, optimum)));
    }

    /** Feature and data-point geometry per data-set size, from each size's lowest-loss model. */
    private static void doubleDescent(SweepPlan plan, List<TmsTrial> shown, Path plotsDir) throws IOException {
        List<DoubleDescentGeometryFigure.Dataset> geometry = new ArrayList<>();
        List<DoubleDescentDimensionalityFigure.Dataset> dimensionality = new ArrayList<>();
        for (TmsTrial t : shown) {
            TrialConfig c = t.trial().spec().config();
            int features = t.weights().features();
            float[] points = FeatureSampler.trainingSet(features, c.data(), c.seed());
            double[][] inputs = new double[c.data().datasetSize()][features];
            for (int j = 0; j < inputs.length; j++) {
                for (int i = 0; i < features; i++) {
                    inputs[j][i] = points[j * features + i];
                }
            }
            TrainingSetGeometry g = TrainingSetGeometry.of(t.weights(), inputs);
            int size = c.data().datasetSize();
            geometry.add(new DoubleDescentGeometryFigure.Dataset(size, TmsFigures.panel(t, "T = " + size),
                    g.hiddenVectors()));
            dimensionality.add(new DoubleDescentDimensionalityFigure.Dataset(size, g.featureDimensionalities(),
                    g.dataDimensionalities()));
        }
        DoubleDescentGeometryFigure.write(plotsDir.resolve("double-descent-geometry.png"),
                plan.name() + ": feature directions (top) and training points' hidden vectors (bottom) per data-set size" + GridPoints.selectionNote(plan, shown.size()),
                geometry);
        DoubleDescentDimensionalityFigure.write(plotsDir.resolve("double-descent-dimensionality.png"),
                plan.name() + ": dimensionality of features and of training points against data-set size" + GridPoints.selectionNote(plan, shown.size()),
                dimensionality);
    }

    /** Training and test loss per data-set size, every seed, the kept (lowest-loss) one of each size joined. */
    private static void doubleDescentLoss(SweepPlan plan, List<TmsTrial> trained, List<TmsTrial> shown, Path plotsDir)
            throws IOException {
        Set<String> kept = shown.stream().map(t -> t.trial().spec().trialId()).collect(Collectors.toSet());
        List<DoubleDescentLossFigure.Model> models = trained.stream().map(t -> {
            Map<String, Double> metrics = Json.readObject(t.trial().row().metricsJson(), Double.class);
            return new DoubleDescentLossFigure.Model(t.trial().spec().config().data().datasetSize(),
                    metrics.getOrDefault("loss", Double.NaN), metrics.getOrDefault("test_loss", Double.NaN),
                    kept.contains(t.trial().spec().trialId()));
        }).toList();
        DoubleDescentLossFigure.write(plotsDir.resolve("double-descent-loss.png"),
                plan.name() + ": training and test loss against data-set size", models);
    }

    private static boolean uniform(double[] importance) {
        return Arrays.stream(importance).allMatch(v -> v == importance[0]);
    }
}
