package dev.superpose.eval;

import dev.superpose.analysis.sae.LatentStats;
import dev.superpose.analysis.sae.RepresentationSimilarity;
import dev.superpose.analysis.sae.SaeSummary;
import dev.superpose.analysis.sae.SaeMetrics;
import dev.superpose.config.SourceKind;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.data.source.Activations;
import dev.superpose.data.source.ProjectionView;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.eval.SaeSweepOutputs.AnalysedSae;
import dev.superpose.report.DecoderDirectionsFigure;
import dev.superpose.report.DecoderPanel;
import dev.superpose.report.LatentDensity;
import dev.superpose.report.LatentDensityFigure;
import dev.superpose.report.MetricSweepFigure;
import dev.superpose.report.ParetoFigure;
import dev.superpose.report.ParetoPoint;
import dev.superpose.report.ProjectionDataFigure;
import dev.superpose.report.SimilarityFigure;
import dev.superpose.report.SweepPoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SAE figures of a sweep: the L1 sweep (MMCS, L0 and FVU against the L1 coefficient, a
 * line per other grid point, mean ± sem over seeds; the numbers in {@code l1-sweep.csv}) when the
 * grid sweeps it; the FVU–L0 Pareto
 * plane per architecture; latent densities and, for 2-d sources, decoder directions, one panel
 * per grid point (its lowest-loss seed).
 */
final class SaeFigures {
    static final String L1 = "sae.l1-coefficient";
    /** Panels of the per-grid-point figures; the first ones in grid order are drawn. */
    static final int MAX_PANELS = 24;
    /** Up to this many trials, the decoder-direction figure has a panel per trial rather than per grid point. */
    static final int MAX_SEED_PANELS = 30;

    private final Path plotsDir;

    SaeFigures(Path plotsDir) {
        this.plotsDir = plotsDir;
    }

    void draw(SweepPlan plan, List<AnalysedSae> trials, List<SaeSweepOutputs.SeedPair> pairs) throws IOException {
        if (trials.isEmpty()) {
            return;
        }
        drawSimilarity(plan, trials, pairs);
        drawProjectionData(plan, trials);
        if (plan.gridPaths().contains(L1)) {
            boolean truth = trials.stream().anyMatch(t -> t.data().truth().isPresent());
            List<String> metrics = truth ? List.of("mmcs", "l0", "fvu") : List.of("l0", "fvu");
            List<SweepPoint> points = trials.stream().map(t -> new SweepPoint(groupOf(t.trial().spec()),
                    t.trial().spec().config().sae().l1Coefficient(), values(t.analysis().summary(), truth)))
                    .toList();
            MetricSweepFigure.write(plotsDir.resolve("l1-sweep.png"), plan.name() + ": against the L1 coefficient",
                    "L1 coefficient λ", metrics, points);
            writeSweepTable(plotsDir.resolveSibling("l1-sweep.csv"), metrics, points);
        }
        ParetoFigure.write(plotsDir.resolve("pareto.png"), plan.name() + ": reconstruction against sparsity",
                trials.stream().map(t -> new ParetoPoint(t.trial().spec().config().sae().architecture().id(),
                        t.analysis().summary().l0(), t.analysis().summary().fvu())).toList());
        List<AnalysedSae> shown = GridPoints.lowestLossPerPoint(trials, AnalysedSae::trial, MAX_PANELS);
        LatentDensityFigure.write(plotsDir.resolve("latent-density.png"), plan.name() + ": latent firing frequencies"
                        + GridPoints.selectionNote(plan, shown.size()),
                shown.stream().map(t -> new LatentDensity(TrialTitle.of(t.trial().spec()),
                        t.analysis().latents().stream().mapToDouble(LatentStats::firingFrequency).toArray())).toList());
        // planar models only (a grid over sae.target can mix reconstructed dimensions)
        List<AnalysedSae> planarTrials = trials.stream().filter(t -> t.weights().outputs() == 2).toList();
        if (!planarTrials.isEmpty()) {
            // small sweeps show every seed: whether an SAE recovers the features varies from seed to seed
            boolean everySeed = planarTrials.size() <= MAX_SEED_PANELS;
            List<AnalysedSae> planar = everySeed ? planarTrials
                    : shown.stream().filter(t -> t.weights().outputs() == 2).toList();
            DecoderDirectionsFigure.write(plotsDir.resolve("decoder-directions.png"),
                    plan.name() + ": decoder directions over the true features"
                            + (everySeed ? "" : GridPoints.selectionNote(plan, shown.size())), planar.stream().map(t -> new DecoderPanel(
                            TrialTitle.of(t.trial().spec()) + ", seed " + t.trial().spec().seed(),
                            t.weights().decoderRows(), alive(t),
                            t.data().truth().map(g -> g.directions()).orElse(new float[0]))).toList());
        }
    }

    /**
     * {@code l1-sweep.csv}: the numbers {@code plots/l1-sweep.png} draws, a row per group (the grid
     * point without λ, e.g. latents and source kind) and λ: each metric's mean and standard error
     * over the seeds, and how many seeds had a finite value (the count of the first metric).
     */
    static void writeSweepTable(Path csv, List<String> metrics, List<SweepPoint> points) throws IOException {
        List<String> header = new ArrayList<>(List.of("group", "l1_coefficient", "seeds"));
        for (String metric : metrics) {
            header.add(metric + "_mean");
            header.add(metric + "_sem");
        }
        List<List<MetricSweepFigure.SeedLine>> perMetric = new ArrayList<>();
        for (int k = 0; k < metrics.size(); k++) {
            perMetric.add(MetricSweepFigure.lines(points, k));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (MetricSweepFigure.SeedLine first : perMetric.get(0)) {
            for (int i = 0; i < first.x().length; i++) {
                List<Object> row = new ArrayList<>(List.of(first.group(), first.x()[i], first.count()[i]));
                for (List<MetricSweepFigure.SeedLine> lines : perMetric) {
                    double x = first.x()[i];
                    MetricSweepFigure.SeedLine line = lines.stream().filter(l -> l.group().equals(first.group()))
                            .findFirst().orElse(null);
                    int at = line == null ? -1 : java.util.Arrays.binarySearch(line.x(), x);
                    row.add(at >= 0 ? line.mean()[at] : Double.NaN);
                    row.add(at >= 0 ? line.sem()[at] : Double.NaN);
                }
                rows.add(row);
            }
        }
        dev.superpose.report.CsvTable.write(csv, header, rows);
    }

    /**
     * {@code plots/projection-data.png}, the study's Figure 4 ({@code experiments/2d.py}), when the
     * sweep has projection sources of 3 features in 2 dimensions: for the first trial's data of
     * source.kind = projection the sparse inputs x (3-d) and dense inputs h = W x; for the first of
     * source.kind = ffn over it the dense outputs ffn(h) and the sparse outputs W⁺ ffn(h) (3-d).
     * Every sample is drawn; the axes span ± the 95th percentile of |x| (rounded up to a multiple of
     * 5), the outputs' from half that below zero, as 2d.py's ±25 and [−12.5, 25] for its Lomax(1) data.
     */
    private void drawProjectionData(SweepPlan plan, List<AnalysedSae> trials) throws IOException {
        Map<SourceKind, ProjectionView> views = new java.util.EnumMap<>(SourceKind.class);
        for (AnalysedSae t : trials) {
            SaeDataKey key = SaeDataKey.of(t.trial().spec().config());
            if (key.source().producer() == SourceKind.PROJECTION && key.source().dim() == 2
                    && key.model().features() == 3 && !views.containsKey(key.source().kind())) {
                ProjectionView.of(key).ifPresent(view -> views.put(key.source().kind(), view));
            }
        }
        if (views.isEmpty()) {
            return;
        }
        ProjectionView any = views.values().iterator().next();
        double limit = 5 * Math.ceil(absoluteQuantile(any.inputs().values(), 0.95) / 5);
        List<ProjectionDataFigure.Panel> panels = new ArrayList<>();
        ProjectionView inputs = views.get(SourceKind.PROJECTION);
        if (inputs != null) {
            panels.add(new ProjectionDataFigure.Panel("sparse inputs x" + hoyer(inputs.inputs()), 3,
                    inputs.inputs().values(), -limit, limit));
            panels.add(new ProjectionDataFigure.Panel("dense inputs h = Wx", 2, inputs.dense().values(), -limit, limit));
        }
        ProjectionView outputs = views.get(SourceKind.FFN);
        if (outputs != null) {
            panels.add(new ProjectionDataFigure.Panel("dense outputs ffn(h)", 2, outputs.outputs().orElseThrow().values(),
                    -limit / 2, limit));
            Activations sparse = outputs.sparseOutputs().orElseThrow();
            panels.add(new ProjectionDataFigure.Panel("sparse outputs W\u207a ffn(h)" + hoyer(sparse), 3, sparse.values(),
                    -limit / 2, limit));
        }
        ProjectionDataFigure.write(plotsDir.resolve("projection-data.png"), plan.name()
                        + ": the data in the sparse and the dense basis",
                "every sample of the first trial's data per source kind; Hoyer: the study's sparsity of the"
                        + " 3-d points (1: one non-zero coordinate)", panels);
    }

    /** The q-quantile of |v| over {@code values} (the smallest value at or above a share q of them). */
    static double absoluteQuantile(float[] values, double q) {
        double[] sorted = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            sorted[k] = Math.abs(values[k]);
        }
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String hoyer(Activations points) {
        return String.format(java.util.Locale.ROOT, ", Hoyer %.2f", SaeMetrics.hoyer(points.values(), points.dim()));
    }

    /**
     * {@code plots/similarity.png}, when a dictionary was compared with the true features or with
     * another seed's: CKA, Procrustes and RSA per grid point, each kind of comparison a line.
     */
    private void drawSimilarity(SweepPlan plan, List<AnalysedSae> trials, List<SaeSweepOutputs.SeedPair> pairs)
            throws IOException {
        if (pairs.isEmpty() && trials.stream().noneMatch(t -> t.analysis().summary().similarity().isPresent())) {
            return;
        }
        List<Map<String, Object>> points = plan.trials().stream().map(TrialSpec::gridPoint).distinct().toList();
        List<java.util.function.Function<RepresentationSimilarity.Scores, RepresentationSimilarity.Score>> measures =
                List.of(RepresentationSimilarity.Scores::cka, RepresentationSimilarity.Scores::procrustes,
                        RepresentationSimilarity.Scores::rsa);
        List<String> names = List.of("linear CKA", "Procrustes distance", "RSA (Spearman)");
        List<SimilarityFigure.Panel> panels = new ArrayList<>();
        for (int m = 0; m < measures.size(); m++) {
            var measure = measures.get(m);
            List<SimilarityFigure.Line> lines = new ArrayList<>();
            lines.add(new SimilarityFigure.Line("vs true features", perPoint(points, trials.stream()
                    .filter(t -> t.analysis().summary().similarity().isPresent()).map(t -> Map.entry(
                            t.trial().spec().gridPoint(), measure.apply(t.analysis().summary().similarity().get())
                                    .value())).toList())));
            lines.add(new SimilarityFigure.Line("vs true features, rotated", perPoint(points, trials.stream()
                    .filter(t -> t.analysis().summary().similarity().isPresent()).map(t -> Map.entry(
                            t.trial().spec().gridPoint(), measure.apply(t.analysis().summary().similarity().get())
                                    .rotationBaseline())).toList())));
            lines.add(new SimilarityFigure.Line("between seeds", perPoint(points, pairs.stream().map(p -> Map.entry(
                    p.a().trial().spec().gridPoint(), measure.apply(p.scores()).value())).toList())));
            lines.add(new SimilarityFigure.Line("between seeds, rotated", perPoint(points, pairs.stream()
                    .map(p -> Map.entry(p.a().trial().spec().gridPoint(), measure.apply(p.scores()).rotationBaseline()))
                    .toList())));
            panels.add(new SimilarityFigure.Panel(names.get(m), lines));
        }
        StringBuilder legend = new StringBuilder("mean \u00b1 sem over seeds (pairs of seeds); grid points: ");
        for (int p = 0; p < Math.min(points.size(), 6); p++) {
            legend.append(p == 0 ? "" : ", ").append(p + 1).append(" = ").append(describe(points.get(p)));
        }
        legend.append(points.size() > 6 ? ", \u2026 (grid order)" : "");
        SimilarityFigure.write(plotsDir.resolve("similarity.png"), plan.name()
                + ": representational similarity of the dictionaries", legend.toString(), panels);
    }

    /** Per grid point (in {@code points}' order) the values that belong to it. */
    private static List<double[]> perPoint(List<Map<String, Object>> points, List<Map.Entry<Map<String, Object>, Double>> values) {
        List<double[]> out = new ArrayList<>();
        for (Map<String, Object> point : points) {
            out.add(values.stream().filter(e -> e.getKey().equals(point)).mapToDouble(Map.Entry::getValue).toArray());
        }
        return out;
    }

    private static String describe(Map<String, Object> point) {
        String text = point.entrySet().stream().map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "="
                + e.getValue()).collect(Collectors.joining(" "));
        return text.isEmpty() ? "all" : text;
    }

    private static double[] values(SaeSummary summary, boolean truth) {
        double mmcs = summary.dictionary().map(d -> d.mmcs()).orElse(Double.NaN);
        return truth ? new double[]{mmcs, summary.l0(), summary.fvu()} : new double[]{summary.l0(), summary.fvu()};
    }

    /** The grid point without the L1 coefficient: trials of one group differ only in λ and seed. */
    private static String groupOf(TrialSpec spec) {
        String group = spec.gridPoint().entrySet().stream().filter(e -> !e.getKey().equals(L1))
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return group.isEmpty() ? "all" : group;
    }

    private static boolean[] alive(AnalysedSae t) {
        List<LatentStats> latents = t.analysis().latents();
        boolean[] alive = new boolean[latents.size()];
        for (int l = 0; l < alive.length; l++) {
            alive[l] = latents.get(l).firingFrequency() > 0;
        }
        return alive;
    }
}
