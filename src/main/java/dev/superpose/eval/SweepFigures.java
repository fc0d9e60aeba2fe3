package dev.superpose.eval;

import dev.superpose.analysis.NeuronLoadings;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.SweepExporter.TrainedTrial;
import dev.superpose.report.FeatureDirectionsFigure;
import dev.superpose.report.GramHeatmapFigure;
import dev.superpose.report.LossCurve;
import dev.superpose.report.LossCurvesFigure;
import dev.superpose.report.NeuronLoadingsFigure;
import dev.superpose.report.PanelWeights;
import dev.superpose.store.StepLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses what each figure of a sweep shows and draws it into {@code results/<sweep>/plots/}.
 * Weight figures get one panel per grid point (its lowest-seed finished trial), in grid order,
 * so a sweep over feature probability reads left to right like the paper's figures.
 */
final class SweepFigures {
    /** More panels than this make an unreadable figure; the first ones in grid order are drawn. */
    static final int MAX_PANELS = 48;

    private final Path plotsDir;

    SweepFigures(Path plotsDir) {
        this.plotsDir = plotsDir;
    }

    void draw(SweepPlan plan, List<TrainedTrial> trained, Map<String, List<StepLoss>> curves) throws IOException {
        List<TrainedTrial> shown = onePerGridPoint(trained);
        List<PanelWeights> panels = shown.stream().map(t -> panel(t, title(t.spec()))).toList();
        if (!panels.isEmpty()) {
            GramHeatmapFigure.write(plotsDir.resolve("gram.png"), plan.name() + ": WᵀW, bias and feature norms",
                    panels);
            List<PanelWeights> planar = panels.stream().filter(p -> p.hidden() == 2).toList();
            if (!planar.isEmpty()) {
                FeatureDirectionsFigure.write(plotsDir.resolve("feature-directions.png"),
                        plan.name() + ": feature directions in the hidden plane", planar);
            }
            if (plan.experiment() == Experiment.TMS_NEURON) {
                NeuronLoadingsFigure.write(plotsDir.resolve("neurons.png"),
                        plan.name() + ": what each hidden neuron carries",
                        shown.stream().map(t -> panel(t, title(t.spec()) + ": " + polysemantic(t))).toList());
            }
        }
        LossCurvesFigure.write(plotsDir.resolve("loss-curves.png"), plan.name() + ": training loss",
                lossCurves(plan, curves));
    }

    /** One curve per trial, coloured by its grid point so seeds of one point share a colour. */
    private static List<LossCurve> lossCurves(SweepPlan plan, Map<String, List<StepLoss>> curves) {
        List<LossCurve> result = new ArrayList<>();
        for (TrialSpec trial : plan.trials()) {
            List<StepLoss> points = curves.get(trial.trialId());
            if (points == null || points.isEmpty()) {
                continue;
            }
            result.add(new LossCurve(trial.trialId(), title(trial),
                    points.stream().mapToLong(StepLoss::step).toArray(),
                    points.stream().mapToDouble(StepLoss::loss).toArray()));
        }
        return result;
    }

    /** The lowest-seed trial of each grid point, in grid order, at most {@link #MAX_PANELS}. */
    private static List<TrainedTrial> onePerGridPoint(List<TrainedTrial> trained) {
        Map<Map<String, Object>, TrainedTrial> firstPerPoint = new LinkedHashMap<>();
        for (TrainedTrial t : trained) {
            firstPerPoint.merge(t.spec().gridPoint(), t, (a, b) -> a.spec().seed() <= b.spec().seed() ? a : b);
        }
        return firstPerPoint.values().stream().limit(MAX_PANELS).toList();
    }

    private static PanelWeights panel(TrainedTrial t, String title) {
        double[] importance = t.spec().config().data().importanceValues();
        return new PanelWeights(title, t.weights().hidden(), t.weights().features(), t.weights().w(),
                t.weights().bias(), importance);
    }

    /** "2/5 polysemantic": how many of the trial's neurons carry two or more features. */
    private static String polysemantic(TrainedTrial t) {
        return NeuronLoadings.polysemanticNeurons(t.weights()) + "/" + t.weights().hidden() + " polysemantic";
    }

    /** "feature-probability=0.02, variant=linear" from the grid point (last path segments). */
    private static String title(TrialSpec trial) {
        if (trial.gridPoint().isEmpty()) {
            return trial.trialId() + " (seed " + trial.seed() + ")";
        }
        return trial.gridPoint().entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "=" + format(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format("%.3g", d);
        }
        return String.valueOf(value);
    }
}
