package dev.superpose.config;

import java.util.ArrayList;
import java.util.List;

/** Settings that are valid but probably not what the user meant. */
final class PlanWarnings {
    private PlanWarnings() {
    }

    static List<String> of(PointSettings point) {
        List<String> warnings = new ArrayList<>();
        ModelConfig model = point.model();
        if (model.hidden() >= model.features()) {
            warnings.add("model.hidden = " + model.hidden() + " >= model.features = " + model.features()
                    + ": no bottleneck: superposition is not forced");
        }
        TrainConfig train = point.train();
        if (train.warmupSteps() > 0 && train.schedule() != Schedule.WARMUP_COSINE) {
            warnings.add("train.warmup-steps = " + train.warmupSteps() + " is ignored by train.schedule = "
                    + train.schedule().id() + " (only warmup-cosine warms up)");
        }
        return warnings;
    }
}
