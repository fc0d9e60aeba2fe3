package dev.superpose.orchestrator;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.stream.SourceRef;
import akka.util.ByteString;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.model.TrialWeights;

import java.util.List;

/**
 * Messages the {@link SweepSupervisor} handles. Those from trainers name the trainer, so that a
 * trainer the supervisor no longer counts on (its node left the cluster and its stack went to
 * another trainer) cannot write into H2 a second time.
 */
public final class SupervisorProtocol {
    private SupervisorProtocol() {
    }

    public sealed interface Command
            permits RequestWork, TrainingStarted, LossReport, CheckpointWritten, CheckpointRejected, StackTrained,
            StackFailed, StackEvaluated, EvaluationFailed, TrainerStopped, Interrupt, WeightsReceived, TrainerLost, FlushLossPoints {
    }

    /** An idle trainer pulls its next stack. */
    public record RequestWork(ActorRef<TrainerProtocol.Command> trainer, String trainerName)
            implements Command, CborSerializable {
    }

    /** A trainer started a stack at {@code fromStep} (0, or the step of the checkpoint it continues). */
    public record TrainingStarted(String stackId, String trainerName, long fromStep) implements Command, CborSerializable {
    }

    /** The {@link CheckpointStore} wrote (atomically) the checkpoint of the stack after {@code step} steps to {@code path}. */
    public record CheckpointWritten(String stackId, long step, String path, String checksum, long bytes, long nanos)
            implements Command, CborSerializable {
    }

    /** A stored checkpoint was missing, truncated or failed its checksum; the trainer fell back. */
    public record CheckpointRejected(String stackId, long step, String path, String reason)
            implements Command, CborSerializable {
    }

    /** A trainer checkpointed and stopped on {@link TrainerProtocol.CheckpointAndStop}. */
    public record TrainerStopped(String trainerName) implements Command, CborSerializable {
    }

    /** Ctrl-C / SIGTERM: checkpoint every stack in training, then complete the outcome as interrupted. */
    public record Interrupt() implements Command, CborSerializable {
    }

    /**
     * Mean training loss of every instance over the steps {@code (fromStep, step]}; the
     * supervisor records it as each trial's loss curve point at {@code step}.
     */
    public record LossReport(String stackId, String trainerName, long step, double[] losses)
            implements Command, CborSerializable {
    }

    /**
     * A stack finished training; its final weights ({@link TrainedWeights}, streamed) and losses
     * go on to an evaluator.
     */
    public record StackTrained(String stackId, String trainerName, SourceRef<ByteString> weights, double[] finalLosses)
            implements Command, CborSerializable {
    }

    /** Training a stack threw; its trials are recorded as failed with the error. */
    public record StackFailed(String stackId, String trainerName, String error) implements Command, CborSerializable {
    }

    /** An evaluator turned a trained stack into per-trial metrics (and wrote its weights). */
    public record StackEvaluated(String stackId, List<TrialEvaluation> results) implements Command, CborSerializable {
    }

    /**
     * Evaluating a trained stack threw (an {@link OutOfMemoryError} included): the stack is retried
     * or failed like a stack whose training threw. No trainer holds the stack any more, so this
     * names none.
     */
    public record EvaluationFailed(String stackId, String error) implements Command, CborSerializable {
    }

    /** Self-message: a trained stack's weights arrived ({@code weights}) or their stream failed ({@code error}). */
    record WeightsReceived(String stackId, List<TrialWeights> weights, double[] finalLosses, Throwable error)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** Self-message (death watch): the trainer stopped, or its node was downed and removed from the cluster. */
    record TrainerLost(String trainerName) implements Command, NoSerializationVerificationNeeded {
    }

    /** Self-message (timer): the loss points the {@link SweepRecorder} holds back go to H2 now. */
    record FlushLossPoints() implements Command, NoSerializationVerificationNeeded {
    }
}
