package dev.superpose.eval;

import dev.superpose.analysis.NeuronLoadings;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepPlan;
import dev.superpose.eval.TmsOutputs.TmsTrial;
import dev.superpose.report.FeatureDirectionsFigure;
import dev.superpose.report.GramHeatmapFigure;
import dev.superpose.report.NeuronLoadingsFigure;
import dev.superpose.report.PanelWeights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses what each weight figure of a TMS sweep shows and draws it into {@code results/<sweep>/plots/}.
 * Weight figures get one panel per grid point (its lowest-loss finished trial), in grid order,
 * so a sweep over feature probability reads left to right like the paper's figures.
 */
final class TmsFigures {
    /** More panels than this make an unreadable figure; the grid is then thinned evenly. */
    static final int MAX_PANELS = 48;

    private final Path plotsDir;

    TmsFigures(Path plotsDir) {
        this.plotsDir = plotsDir;
    }

    void draw(SweepPlan plan, List<TmsTrial> trained) throws IOException {
        List<TmsTrial> shown = onePerGridPoint(trained);
        List<PanelWeights> panels = shown.stream().map(t -> panel(t, TrialTitle.of(t.trial().spec()))).toList();
        String note = GridPoints.selectionNote(plan, shown.size());
        if (!panels.isEmpty()) {
            GramHeatmapFigure.write(plotsDir.resolve("gram.png"), plan.name() + ": WᵀW, bias and feature norms" + note,
                    panels);
            List<PanelWeights> planar = panels.stream().filter(p -> p.hidden() == 2).toList();
            if (!planar.isEmpty()) {
                FeatureDirectionsFigure.write(plotsDir.resolve("feature-directions.png"),
                        plan.name() + ": feature directions in the hidden plane" + note, planar);
            }
            if (plan.experiment() == Experiment.TMS_NEURON) {
                NeuronLoadingsFigure.write(plotsDir.resolve("neurons.png"),
                        plan.name() + ": what each hidden neuron carries" + note,
                        shown.stream().map(t -> panel(t, TrialTitle.of(t.trial().spec()) + ": " + polysemantic(t)))
                                .toList());
            }
        }
        LiteratureFigures.draw(plan, trained, plotsDir);
    }

    /** The lowest-loss trial of each grid point, in grid order, evenly thinned to at most {@link #MAX_PANELS}. */
    static List<TmsTrial> onePerGridPoint(List<TmsTrial> trained) {
        return GridPoints.lowestLossPerPoint(trained, TmsTrial::trial, MAX_PANELS);
    }

    static PanelWeights panel(TmsTrial t, String title) {
        double[] importance = t.trial().spec().config().data().importanceValues();
        return new PanelWeights(title, t.weights().hidden(), t.weights().features(), t.weights().w(),
                t.weights().bias(), importance);
    }

    /** "2/5 polysemantic": how many of the trial's neurons carry two or more features. */
    private static String polysemantic(TmsTrial t) {
        return NeuronLoadings.polysemanticNeurons(t.weights()) + "/" + t.weights().hidden() + " polysemantic";
    }
}
