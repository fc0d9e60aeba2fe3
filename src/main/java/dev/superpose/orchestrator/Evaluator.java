package dev.superpose.orchestrator;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import dev.superpose.eval.StackEvaluator;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.orchestrator.EvaluatorProtocol.EvaluateStack;
import dev.superpose.orchestrator.SupervisorProtocol.StackEvaluated;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;

/** Turns trained stacks into metrics and weight files; runs on the blocking evaluator dispatcher. */
public final class Evaluator {
    private Evaluator() {
    }

    public static Behavior<EvaluatorProtocol.Command> create(StackEvaluator evaluator, SweepMeters meters) {
        return Behaviors.setup(ctx -> Behaviors.receive(EvaluatorProtocol.Command.class)
                .onMessage(EvaluateStack.class, msg -> {
                    StackAssignment stack = msg.stack();
                    try {
                        long start = System.nanoTime();
                        var results = evaluator.evaluate(stack.trialIds(), stack.configs(), msg.weights(), msg.finalLosses());
                        meters.evaluated(System.nanoTime() - start);
                        msg.replyTo().tell(new StackEvaluated(stack.stackId(), results));
                    } catch (RuntimeException e) {
                        ctx.getLog().warn("evaluating stack {} failed", stack.stackId(), e);
                        msg.replyTo().tell(new StackFailed(stack.stackId(), ctx.getSelf().path().name(),
                                "evaluation failed: " + e));
                    }
                    return Behaviors.same();
                })
                .build());
    }
}
