package dev.superpose.eval;

import dev.superpose.analysis.sae.LatentStats;
import dev.superpose.analysis.sae.SaeSummary;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.SaeSweepOutputs.AnalysedSae;
import dev.superpose.report.DecoderDirectionsFigure;
import dev.superpose.report.DecoderPanel;
import dev.superpose.report.LatentDensity;
import dev.superpose.report.LatentDensityFigure;
import dev.superpose.report.MetricSweepFigure;
import dev.superpose.report.ParetoFigure;
import dev.superpose.report.ParetoPoint;
import dev.superpose.report.SweepPoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SAE figures of a sweep: the L1 sweep (MMCS, L0 and FVU against the L1 coefficient, a
 * line per other grid point, mean ± std over seeds) when the grid sweeps it; the FVU–L0 Pareto
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

    void draw(SweepPlan plan, List<AnalysedSae> trials) throws IOException {
        if (trials.isEmpty()) {
            return;
        }
        if (plan.gridPaths().contains(L1)) {
            boolean truth = trials.stream().anyMatch(t -> t.data().truth().isPresent());
            List<String> metrics = truth ? List.of("mmcs", "l0", "fvu") : List.of("l0", "fvu");
            List<SweepPoint> points = trials.stream().map(t -> new SweepPoint(groupOf(t.trial().spec()),
                    ((Number) t.trial().spec().gridPoint().get(L1)).doubleValue(), values(t.analysis().summary(), truth)))
                    .toList();
            MetricSweepFigure.write(plotsDir.resolve("l1-sweep.png"), plan.name() + ": against the L1 coefficient",
                    "L1 coefficient λ", metrics, points);
        }
        ParetoFigure.write(plotsDir.resolve("pareto.png"), plan.name() + ": reconstruction against sparsity",
                trials.stream().map(t -> new ParetoPoint(t.trial().spec().config().sae().architecture().id(),
                        t.analysis().summary().l0(), t.analysis().summary().fvu())).toList());
        List<AnalysedSae> shown = GridPoints.lowestLossPerPoint(trials, AnalysedSae::trial, MAX_PANELS);
        LatentDensityFigure.write(plotsDir.resolve("latent-density.png"), plan.name() + ": latent firing frequencies"
                        + GridPoints.selectionNote(plan),
                shown.stream().map(t -> new LatentDensity(TrialTitle.of(t.trial().spec()),
                        t.analysis().latents().stream().mapToDouble(LatentStats::firingFrequency).toArray())).toList());
        if (trials.get(0).weights().outputs() == 2) {
            // small sweeps show every seed: whether an SAE recovers the features varies from seed to seed
            List<AnalysedSae> planar = trials.size() <= MAX_SEED_PANELS ? trials : shown;
            DecoderDirectionsFigure.write(plotsDir.resolve("decoder-directions.png"),
                    plan.name() + ": decoder directions over the true features"
                            + (planar == shown ? GridPoints.selectionNote(plan) : ""), planar.stream().map(t -> new DecoderPanel(
                            TrialTitle.of(t.trial().spec()) + ", seed " + t.trial().spec().seed(),
                            t.weights().decoderRows(), alive(t),
                            t.data().truth().map(g -> g.directions()).orElse(new float[0]))).toList());
        }
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
