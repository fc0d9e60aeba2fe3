package dev.superpose.orchestrator;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import dev.superpose.config.TrialConfig;
import dev.superpose.eval.StackEvaluator;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.model.TrialWeights;
import dev.superpose.orchestrator.EvaluatorProtocol.EvaluateStack;
import dev.superpose.orchestrator.SupervisorProtocol.EvaluationFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackEvaluated;

import java.util.List;

/** Turns trained stacks into metrics and weight files; runs on the blocking evaluator dispatcher. */
public final class Evaluator {
    private Evaluator() {
    }

    /** What evaluating a stack means: {@link StackEvaluator#evaluate} in a run. */
    @FunctionalInterface
    public interface Work {
        List<TrialEvaluation> evaluate(List<String> trialIds, List<TrialConfig> configs, List<TrialWeights> weights,
                                       double[] finalLosses);
    }

    public static Behavior<EvaluatorProtocol.Command> create(Work evaluator, SweepMeters meters) {
        return Behaviors.setup(ctx -> Behaviors.receive(EvaluatorProtocol.Command.class)
                .onMessage(EvaluateStack.class, msg -> {
                    StackAssignment stack = msg.stack();
                    try {
                        long start = System.nanoTime();
                        var results = evaluator.evaluate(stack.trialIds(), stack.configs(), msg.weights(), msg.finalLosses());
                        meters.evaluated(System.nanoTime() - start);
                        msg.replyTo().tell(new StackEvaluated(stack.stackId(), results));
                    } catch (RuntimeException | Error e) {
                        // Whatever evaluating one stack throws is that stack's failure, answered so that
                        // the supervisor never waits for it. Uncaught, an OutOfMemoryError or another
                        // VirtualMachineError is fatal to Akka and stops the actor system, ending the
                        // sweep; any other error restarts this actor and drops the message: a hang.
                        ctx.getLog().warn("evaluating stack {} failed", stack.stackId(), e);
                        msg.replyTo().tell(new EvaluationFailed(stack.stackId(),
                                "evaluation failed: " + DeviceTrainer.describe(e)));
                    }
                    return Behaviors.same();
                })
                .build());
    }
}
