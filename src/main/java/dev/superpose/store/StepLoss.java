package dev.superpose.store;

/** One point of a trial's loss curve. */
public record StepLoss(long step, double loss) {
}
