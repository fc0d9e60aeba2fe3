package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.model.TmsWeights;

import java.util.List;

/** Messages the {@link SweepSupervisor} handles. */
public final class SupervisorProtocol {
    private SupervisorProtocol() {
    }

    public sealed interface Command extends CborSerializable
            permits RequestWork, LossReport, StackTrained, StackFailed, StackEvaluated {
    }

    /** An idle trainer pulls its next stack. */
    public record RequestWork(ActorRef<TrainerProtocol.Command> trainer, String trainerName) implements Command {
    }

    /**
     * Mean training loss of every instance over the steps {@code (fromStep, step]}; the
     * supervisor records it as each trial's loss curve point at {@code step}.
     */
    public record LossReport(String stackId, long step, double[] losses) implements Command {
    }

    /** A stack finished training; its final weights and losses go on to an evaluator. */
    public record StackTrained(String stackId, String trainerName, List<TmsWeights> weights, double[] finalLosses)
            implements Command {
    }

    /** Training a stack threw; its trials are recorded as failed with the error. */
    public record StackFailed(String stackId, String trainerName, String error) implements Command {
    }

    /** An evaluator turned a trained stack into per-trial metrics (and wrote its weights). */
    public record StackEvaluated(String stackId, List<TrialEvaluation> results) implements Command {
    }
}
