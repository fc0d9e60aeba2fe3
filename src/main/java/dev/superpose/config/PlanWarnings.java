package dev.superpose.config;

import java.util.ArrayList;
import java.util.List;

/** Settings that are valid but probably not what the user meant (see also {@link UnreadSettings}). */
final class PlanWarnings {
    private PlanWarnings() {
    }

    static List<String> of(PointSettings point) {
        List<String> warnings = new ArrayList<>();
        ModelConfig model = point.model();
        if ((point.experiment() == Experiment.TMS || point.experiment() == Experiment.TMS_NEURON)
                && model.hidden() >= model.features()) {
            warnings.add("model.hidden = " + model.hidden() + " >= model.features = " + model.features()
                    + ": no bottleneck: superposition is not forced");
        }
        return warnings;
    }
}
