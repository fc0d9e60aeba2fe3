package dev.superpose.store;

import java.time.Instant;

/**
 * A trainer at work on a stack, as the run node recorded it: the stack, its steps, the trainer's
 * speed on it over the throughput window, and when it last reported (its loss reports are its
 * heartbeat).
 */
public record TrainerActivity(String trainer, String stackId, long stepsDone, long stepsTotal, double stepsPerSecond,
                              Instant lastReport) {
}
