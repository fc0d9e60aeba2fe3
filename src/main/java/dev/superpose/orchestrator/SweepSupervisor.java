package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.PoolRouter;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.Routers;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import dev.superpose.config.RunPolicy;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointRejected;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointWritten;
import dev.superpose.orchestrator.SupervisorProtocol.Command;
import dev.superpose.orchestrator.SupervisorProtocol.EvaluationFailed;
import dev.superpose.orchestrator.SupervisorProtocol.FlushLossPoints;
import dev.superpose.orchestrator.SupervisorProtocol.Interrupt;
import dev.superpose.orchestrator.SupervisorProtocol.LossReport;
import dev.superpose.orchestrator.SupervisorProtocol.RequestWork;
import dev.superpose.orchestrator.SupervisorProtocol.StackEvaluated;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackTrained;
import dev.superpose.orchestrator.SupervisorProtocol.TrainerLost;
import dev.superpose.orchestrator.SupervisorProtocol.TrainerStopped;
import dev.superpose.orchestrator.SupervisorProtocol.TrainingStarted;
import dev.superpose.orchestrator.SupervisorProtocol.WeightsReceived;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The single writer of one sweep's state. It hands queued stacks to trainers that ask for work
 * (its own, and those of worker nodes, which find it through the cluster Receptionist), forwards
 * trained stacks to evaluators, records every outcome through its {@link SweepRecorder}, and
 * completes {@code outcome} when no stack is left. Runs on the JDBC dispatcher, so its H2 writes
 * happen on a thread nothing interrupts.
 *
 * <p>It watches every trainer: a trainer lost with a stack (its node was downed by the
 * split-brain resolver) puts the stack back at the head of the queue, to continue from its last
 * checkpoint in the {@link CheckpointStore}. Idle trainers wait for such re-queued stacks rather
 * than stop while stacks are still in training. Reports from a trainer about a stack it no
 * longer holds are ignored, so a stack is never recorded twice.
 */
public final class SweepSupervisor extends AbstractBehavior<Command> {

    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "superpose-sweep-supervisor");

    /** What the supervisor needs to run one sweep. */
    public record Settings(String sweep, RunPolicy policy, List<StackAssignment> stacks, int trainers, int evaluators,
                           Path home, Path checkpointDir, SweepRecorder recorder, Evaluator.Work evaluator,
                           ProgressListener progress, SweepOutcome alreadyFinished,
                           CompletableFuture<SweepOutcome> outcome, SweepMeters meters) {
    }

    public static Behavior<Command> create(Settings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new FlushLossPoints(), SweepRecorder.LOSS_FLUSH_EVERY);
            return new SweepSupervisor(ctx, settings);
        }));
    }

    private final Settings settings;
    private final Deque<StackAssignment> queue;
    private final Map<String, StackAssignment> inFlightByTrainer = new HashMap<>();
    private final Map<String, ActorRef<TrainerProtocol.Command>> trainersByName = new HashMap<>();
    private final Set<String> divergedTrials = new HashSet<>();
    private final Map<String, StackAssignment> byId = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, Long> stepsReported = new HashMap<>();
    /** Per stack, the step its current attempt continued from (counted as done, not as trained). */
    private final Map<String, Long> stepsResumed = new HashMap<>();
    /** Trainers that asked for work while the queue was empty, in the order they asked. */
    private final Map<String, ActorRef<TrainerProtocol.Command>> idle = new LinkedHashMap<>();
    /** Stacks whose evaluation was recorded: a late checkpoint of one is deleted, not recorded. */
    private final Set<String> evaluated = new HashSet<>();
    private final ActorRef<EvaluatorProtocol.Command> evaluators;
    private final ActorRef<CheckpointStoreProtocol.Command> store;
    private int stacksLeft;
    private int done;
    private int failed;
    private int diverged;
    private boolean interrupting;

    private SweepSupervisor(ActorContext<Command> context, Settings settings) {
        super(context);
        this.settings = settings;
        this.queue = new ArrayDeque<>(settings.stacks());
        settings.stacks().forEach(s -> byId.put(s.stackId(), s));
        this.stacksLeft = settings.stacks().size();
        this.done = settings.alreadyFinished().done();
        this.failed = settings.alreadyFinished().failed();
        this.diverged = settings.alreadyFinished().diverged();

        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
        PoolRouter<EvaluatorProtocol.Command> pool = Routers.pool(settings.evaluators(),
                        Behaviors.supervise(Evaluator.create(settings.evaluator(), settings.meters())).onFailure(SupervisorStrategy.restart()))
                .withRouteeProps(DispatcherSelector.fromConfig("superpose.evaluator-dispatcher"));
        this.evaluators = context.spawn(pool, "evaluators");
        this.store = context.spawn(CheckpointStore.create(settings.checkpointDir(), context.getSelf()), "checkpoints",
                DispatcherSelector.fromConfig("superpose.checkpoint-dispatcher"));
        // Trainers hold native buffers bound to their thread: each gets a pinned thread of its own.
        if (settings.trainers() > 0) {
            for (TrainerSlots.Slot slot : TrainerSlots.plan("", TrainerSlots.allDevices(), settings.trainers())) {
                context.spawn(DeviceTrainer.create(slot, (sweep, experiment, id) -> settings.meters().trainer(id),
                                settings.home(), context.getSystem().ignoreRef()),
                        "trainer-" + slot.name(), DispatcherSelector.fromConfig("superpose.trainer-dispatcher"));
            }
        }
        if (stacksLeft == 0) {
            complete();
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RequestWork.class, this::onRequestWork)
                .onMessage(TrainingStarted.class, this::onTrainingStarted)
                .onMessage(LossReport.class, this::onLossReport)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessage(CheckpointRejected.class, this::onCheckpointRejected)
                .onMessage(StackTrained.class, this::onStackTrained)
                .onMessage(StackFailed.class, this::onStackFailed)
                .onMessage(StackEvaluated.class, this::onStackEvaluated)
                .onMessage(EvaluationFailed.class, m -> {
                    retryOrFail(byId.get(m.stackId()), m.error());
                    return this;
                })
                .onMessage(Interrupt.class, m -> onInterrupt())
                .onMessage(TrainerStopped.class, this::onTrainerStopped)
                .onMessage(WeightsReceived.class, this::onWeightsReceived)
                .onMessage(TrainerLost.class, this::onTrainerLost)
                .onMessage(FlushLossPoints.class, m -> {
                    settings.recorder().flushLossPoints();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onRequestWork(RequestWork msg) {
        trainersByName.put(msg.trainerName(), msg.trainer());
        getContext().unwatch(msg.trainer());
        getContext().watchWith(msg.trainer(), new TrainerLost(msg.trainerName()));
        StackAssignment orphan = inFlightByTrainer.remove(msg.trainerName());
        if (orphan != null) {
            // The trainer was restarted mid-stack: its work on that stack is gone.
            retryOrFail(orphan, msg.trainerName() + " restarted while training it");
        }
        if (interrupting || outcomeDone()) {
            msg.trainer().tell(new TrainerProtocol.NoMoreWork(settings.sweep(), interrupting));
        } else if (queue.isEmpty()) {
            idle.put(msg.trainerName(), msg.trainer());
        } else {
            assign(msg.trainerName(), msg.trainer(), queue.poll());
        }
        return this;
    }

    private void assign(String trainerName, ActorRef<TrainerProtocol.Command> trainer, StackAssignment next) {
        inFlightByTrainer.put(trainerName, next);
        attempts.merge(next.stackId(), 1, Integer::sum);
        stepsReported.put(next.stackId(), 0L);
        settings.recorder().stackStarted(next, trainerName, attempts.get(next.stackId()));
        trainer.tell(new TrainerProtocol.TrainStack(settings.sweep(), next.stackId(),
                ByteTransfer.offer(next, getContext().getSystem()), settings.recorder().checkpoints(next),
                settings.policy().checkpointEvery(), getContext().getSelf(), store));
    }

    /** Hands re-queued stacks to trainers that are waiting for work. */
    private void assignToIdle() {
        var waiting = idle.entrySet().iterator();
        while (waiting.hasNext() && !queue.isEmpty() && !interrupting) {
            var trainer = waiting.next();
            waiting.remove();
            assign(trainer.getKey(), trainer.getValue(), queue.poll());
        }
    }

    /** Whether {@code trainerName} still holds {@code stackId}; reports about anything else are stale. */
    private boolean holds(String trainerName, String stackId) {
        StackAssignment held = inFlightByTrainer.get(trainerName);
        if (held != null && held.stackId().equals(stackId)) {
            return true;
        }
        getContext().getLog().info("ignoring a report of {} about stack {}, which it no longer holds", trainerName,
                stackId);
        return false;
    }

    /** A lost trainer's stack goes back to the head of the queue; losing a node is not the stack's failure. */
    private Behavior<Command> onTrainerLost(TrainerLost msg) {
        idle.remove(msg.trainerName());
        trainersByName.remove(msg.trainerName());
        StackAssignment stack = inFlightByTrainer.remove(msg.trainerName());
        if (stack != null) {
            attempts.merge(stack.stackId(), -1, Integer::sum);
            retryOrFail(stack, "trainer " + msg.trainerName() + " was lost (its node left the cluster)");
            completeIfInterrupted();
        }
        return this;
    }

    private Behavior<Command> onTrainingStarted(TrainingStarted msg) {
        if (!holds(msg.trainerName(), msg.stackId())) {
            return this;
        }
        StackAssignment stack = byId.get(msg.stackId());
        stepsReported.put(msg.stackId(), msg.fromStep());
        // a checkpoint's steps are done, but not by this run: they must not count as its speed
        long resumedBefore = stepsResumed.getOrDefault(msg.stackId(), 0L);
        stepsResumed.put(msg.stackId(), msg.fromStep());
        long resumedTrialSteps = (msg.fromStep() - resumedBefore) * stack.size();
        settings.progress().resumed(msg.stackId(), msg.fromStep(), resumedTrialSteps);
        settings.meters().trialStepsResumed(resumedTrialSteps);
        if (msg.fromStep() > 0) {
            settings.recorder().stackResumed(stack, msg.fromStep());
        }
        return this;
    }

    private Behavior<Command> onLossReport(LossReport msg) {
        if (!holds(msg.trainerName(), msg.stackId())) {
            return this;
        }
        StackAssignment stack = byId.get(msg.stackId());
        long before = stepsReported.getOrDefault(msg.stackId(), 0L);
        stepsReported.put(msg.stackId(), msg.step());
        settings.recorder().lossPoint(stack, msg.step(), msg.losses());
        trained((msg.step() - before) * stack.size());
        recordNewDivergences(stack, msg);
        return this;
    }

    /** A trial whose loss turned non-finite is frozen by its trainer; it is recorded as diverged at once. */
    private void recordNewDivergences(StackAssignment stack, LossReport msg) {
        List<String> newlyDiverged = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            if (!Double.isFinite(msg.losses()[i]) && divergedTrials.add(stack.trialIds().get(i))) {
                newlyDiverged.add(stack.trialIds().get(i));
            }
        }
        if (!newlyDiverged.isEmpty()) {
            settings.recorder().trialsDiverged(stack, newlyDiverged, msg.step());
        }
    }

    /**
     * Checkpoints of a stack are valid whoever shipped them (stack invariance: the same state at
     * the same step), except after the stack's evaluation, which retired its checkpoints.
     */
    private Behavior<Command> onCheckpointWritten(CheckpointWritten msg) {
        if (evaluated.contains(msg.stackId())) {
            settings.recorder().checkpointDiscarded(msg.path());
        } else {
            settings.recorder().checkpointWritten(byId.get(msg.stackId()), msg);
        }
        return this;
    }

    private Behavior<Command> onCheckpointRejected(CheckpointRejected msg) {
        settings.recorder().checkpointRejected(byId.get(msg.stackId()), msg);
        return this;
    }

    /** Asks every trainer with a stack to checkpoint and stop; completes once they all have. */
    private Behavior<Command> onInterrupt() {
        interrupting = true;
        releaseIdle();
        inFlightByTrainer.keySet().forEach(name -> trainersByName.get(name).tell(new TrainerProtocol.CheckpointAndStop()));
        completeIfInterrupted();
        return this;
    }

    private Behavior<Command> onTrainerStopped(TrainerStopped msg) {
        inFlightByTrainer.remove(msg.trainerName());
        completeIfInterrupted();
        return this;
    }

    private void completeIfInterrupted() {
        if (interrupting && inFlightByTrainer.isEmpty() && !settings.outcome().isDone()) {
            settings.outcome().complete(new SweepOutcome(done + failed + diverged, done, failed, diverged, true));
        }
    }

    /** The weights stream in (from another node, perhaps); the stack is evaluated once they are all here. */
    private Behavior<Command> onStackTrained(StackTrained msg) {
        if (!holds(msg.trainerName(), msg.stackId())) {
            return this;
        }
        inFlightByTrainer.remove(msg.trainerName());
        ActorSystem<Void> system = getContext().getSystem();
        getContext().pipeToSelf(ByteTransfer.receive(msg.weights(), TrainedWeights.class, system)
                        .thenApply(TrainedWeights::weights),
                (weights, error) -> new WeightsReceived(msg.stackId(), weights, msg.finalLosses(), error));
        completeIfInterrupted();
        return this;
    }

    private Behavior<Command> onWeightsReceived(WeightsReceived msg) {
        StackAssignment stack = byId.get(msg.stackId());
        if (msg.error() != null) {
            retryOrFail(stack, "its trained weights did not arrive: " + msg.error());
            return this;
        }
        evaluators.tell(new EvaluatorProtocol.EvaluateStack(stack, msg.weights(), msg.finalLosses(),
                getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onStackFailed(StackFailed msg) {
        if (!holds(msg.trainerName(), msg.stackId())) {
            return this;
        }
        StackAssignment stack = byId.get(msg.stackId());
        inFlightByTrainer.remove(msg.trainerName());
        retryOrFail(stack, msg.error());
        return this;
    }

    private void retryOrFail(StackAssignment stack, String error) {
        // what this attempt trained beyond the checkpoint it resumed from (nothing if it never started)
        trained(-Math.max(0, stepsReported.getOrDefault(stack.stackId(), 0L) - stepsResumed.getOrDefault(stack.stackId(), 0L))
                * stack.size());
        stepsReported.put(stack.stackId(), 0L);
        if (attempts.getOrDefault(stack.stackId(), 0) <= settings.policy().maxRetries()) {
            settings.recorder().stackRetried(stack, error);
            queue.addFirst(stack);
            assignToIdle();
            return;
        }
        settings.recorder().stackFailed(stack, error);
        failed += stack.size();
        settings.progress().finished(stack.size(), stack.size());
        stackFinished();
    }

    private Behavior<Command> onStackEvaluated(StackEvaluated msg) {
        StackAssignment stack = byId.get(msg.stackId());
        evaluated.add(msg.stackId());
        settings.recorder().stackEvaluated(stack, msg.results());
        int stackFailures = 0;
        for (TrialEvaluation result : msg.results()) {
            switch (result.status()) {
                case DONE -> done++;
                case DIVERGED -> {
                    diverged++;
                    stackFailures++;
                }
            }
        }
        settings.progress().finished(stack.size(), stackFailures);
        stackFinished();
        return this;
    }

    /** Trial-steps trained (negative when a retried stack's progress is lost), for the terminal and the meters. */
    private void trained(long trialSteps) {
        settings.progress().trained(trialSteps);
        settings.meters().trialStepsTrained(trialSteps);
    }

    private void stackFinished() {
        if (--stacksLeft == 0) {
            complete();
        }
    }

    private void complete() {
        int total = done + failed + diverged;
        releaseIdle();
        settings.outcome().complete(new SweepOutcome(total, done, failed, diverged, false));
    }

    private boolean outcomeDone() {
        return settings.outcome().isDone();
    }

    /** Waiting trainers stop: nothing will be re-queued any more. */
    private void releaseIdle() {
        idle.values().forEach(trainer -> trainer.tell(new TrainerProtocol.NoMoreWork(settings.sweep(), interrupting)));
        idle.clear();
    }
}
