package dev.superpose.store;

import java.util.List;

/** One sweep's status with its stacks, the trainers at work on them, and its failed trials. */
public record SweepDetail(SweepStatus status, List<StackRow> stacks, List<TrainerActivity> trainers,
                          List<FailedTrial> failedTrials) {
    public SweepDetail {
        stacks = List.copyOf(stacks);
        trainers = List.copyOf(trainers);
        failedTrials = List.copyOf(failedTrials);
    }

    /** A trial that failed, with the error it failed with (null if none was recorded). */
    public record FailedTrial(String trialId, String stackId, String error) {
    }
}
