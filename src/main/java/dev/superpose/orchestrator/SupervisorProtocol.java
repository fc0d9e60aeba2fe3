package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.model.TrialWeights;

import java.util.List;

/** Messages the {@link SweepSupervisor} handles. */
public final class SupervisorProtocol {
    private SupervisorProtocol() {
    }

    public sealed interface Command extends CborSerializable
            permits RequestWork, TrainingStarted, LossReport, CheckpointWritten, CheckpointRejected, StackTrained,
            StackFailed, StackEvaluated, TrainerStopped, Interrupt {
    }

    /** An idle trainer pulls its next stack. */
    public record RequestWork(ActorRef<TrainerProtocol.Command> trainer, String trainerName) implements Command {
    }

    /** A trainer started a stack at {@code fromStep} (0, or the step of the checkpoint it continues). */
    public record TrainingStarted(String stackId, String trainerName, long fromStep) implements Command {
    }

    /** A checkpoint of the stack after {@code step} steps was written (atomically) to {@code path}. */
    public record CheckpointWritten(String stackId, long step, String path, String checksum, long bytes, long nanos)
            implements Command {
    }

    /** A stored checkpoint was missing, truncated or failed its checksum; the trainer fell back. */
    public record CheckpointRejected(String stackId, long step, String path, String reason) implements Command {
    }

    /** A trainer checkpointed and stopped on {@link TrainerProtocol.CheckpointAndStop}. */
    public record TrainerStopped(String trainerName) implements Command {
    }

    /** Ctrl-C / SIGTERM: checkpoint every stack in training, then complete the outcome as interrupted. */
    public record Interrupt() implements Command {
    }

    /**
     * Mean training loss of every instance over the steps {@code (fromStep, step]}; the
     * supervisor records it as each trial's loss curve point at {@code step}.
     */
    public record LossReport(String stackId, long step, double[] losses) implements Command {
    }

    /** A stack finished training; its final weights and losses go on to an evaluator. */
    public record StackTrained(String stackId, String trainerName, List<TrialWeights> weights, double[] finalLosses)
            implements Command {
    }

    /** Training a stack threw; its trials are recorded as failed with the error. */
    public record StackFailed(String stackId, String trainerName, String error) implements Command {
    }

    /** An evaluator turned a trained stack into per-trial metrics (and wrote its weights). */
    public record StackEvaluated(String stackId, List<TrialEvaluation> results) implements Command {
    }
}
