package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import dev.superpose.model.TrialWeights;

import java.util.List;

/** Messages an {@link Evaluator} handles. */
public final class EvaluatorProtocol {
    private EvaluatorProtocol() {
    }

    public sealed interface Command extends CborSerializable permits EvaluateStack {
    }

    /** Turn a trained stack into metrics and weight files, answering {@code replyTo}. */
    public record EvaluateStack(StackAssignment stack, List<TrialWeights> weights, double[] finalLosses,
                                ActorRef<SupervisorProtocol.Command> replyTo) implements Command {
    }
}
