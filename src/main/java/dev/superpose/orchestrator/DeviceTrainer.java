package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.model.TmsWeights;
import dev.superpose.orchestrator.SupervisorProtocol.LossReport;
import dev.superpose.orchestrator.SupervisorProtocol.RequestWork;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackTrained;
import dev.superpose.orchestrator.TrainerProtocol.Command;
import dev.superpose.orchestrator.TrainerProtocol.NoMoreWork;
import dev.superpose.orchestrator.TrainerProtocol.SupervisorsChanged;
import dev.superpose.orchestrator.TrainerProtocol.TrainChunk;
import dev.superpose.orchestrator.TrainerProtocol.TrainStack;
import dev.superpose.train.TmsStackTrainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains one stack at a time on its own (blocking) dispatcher. It finds the supervisor through
 * the Receptionist and pulls work when idle; training runs in chunks of {@code train.log-every}
 * steps, each ending with a {@link LossReport}, so the actor handles other messages in between.
 */
public final class DeviceTrainer extends AbstractBehavior<Command> {

    /** A trainer that throws outside a stack (a bug, not a bad stack) is restarted with backoff. */
    public static Behavior<Command> create(String name, SweepMeters meters) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new DeviceTrainer(ctx, name, meters)))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final String name;
    private final SweepMeters meters;
    private ActorRef<SupervisorProtocol.Command> supervisor;
    private Training current;

    /** The stack in training and its native trainer. */
    private record Training(StackAssignment stack, TmsStackTrainer trainer) {
        void close() {
            trainer.close();
        }
    }

    private DeviceTrainer(ActorContext<Command> context, String name, SweepMeters meters) {
        super(context);
        this.name = name;
        this.meters = meters;
        ActorRef<Receptionist.Listing> adapter =
                context.messageAdapter(Receptionist.Listing.class, SupervisorsChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(SweepSupervisor.KEY, adapter));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SupervisorsChanged.class, this::onSupervisorsChanged)
                .onMessage(TrainStack.class, this::onTrainStack)
                .onMessage(TrainChunk.class, m -> onTrainChunk())
                .onMessage(NoMoreWork.class, m -> Behaviors.stopped())
                .onSignal(PostStop.class, s -> closeCurrent())
                .build();
    }

    private Behavior<Command> onSupervisorsChanged(SupervisorsChanged msg) {
        Optional<ActorRef<SupervisorProtocol.Command>> found =
                msg.listing().getServiceInstances(SweepSupervisor.KEY).stream().findFirst();
        if (found.isPresent() && supervisor == null) {
            supervisor = found.get();
            requestWork();
        }
        return this;
    }

    private Behavior<Command> onTrainStack(TrainStack msg) {
        supervisor = msg.replyTo();
        StackAssignment stack = msg.stack();
        try {
            TmsStackTrainer trainer = new TmsStackTrainer(stack.configs());
            current = new Training(stack, trainer);
            getContext().getSelf().tell(new TrainChunk());
        } catch (RuntimeException e) {
            fail(stack, e);
        }
        return this;
    }

    private Behavior<Command> onTrainChunk() {
        if (current == null) {
            return this;
        }
        StackAssignment stack = current.stack();
        try {
            trainChunk();
        } catch (RuntimeException e) {
            fail(stack, e);
        }
        return this;
    }

    /** Trains up to the next log point, reports the chunk's mean loss, then continues or finishes. */
    private void trainChunk() {
        TmsStackTrainer trainer = current.trainer();
        long total = current.stack().steps();
        int logEvery = current.stack().configs().get(0).train().logEvery();
        long target = Math.min(total, (trainer.stepsDone() / logEvery + 1) * logEvery);
        double[] sum = new double[current.stack().size()];
        int steps = 0;
        while (trainer.stepsDone() < target) {
            long start = System.nanoTime();
            trainer.step();
            meters.stepDuration(name, System.nanoTime() - start);
            double[] loss = trainer.lastLoss();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += loss[i];
            }
            steps++;
        }
        double[] mean = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = sum[i] / steps;
        }
        supervisor.tell(new LossReport(current.stack().stackId(), trainer.stepsDone(), mean));
        meters.stepsTrained(name, steps, (long) steps * current.stack().configs().get(0).train().batchSize()
                * current.stack().size());
        meters.stackLoss(name, mean);
        if (trainer.stepsDone() < total) {
            getContext().getSelf().tell(new TrainChunk());
        } else {
            finish(mean);
        }
    }

    private void finish(double[] finalLosses) {
        List<TmsWeights> weights = new ArrayList<>(current.stack().size());
        for (int i = 0; i < current.stack().size(); i++) {
            weights.add(current.trainer().weights(i));
        }
        supervisor.tell(new StackTrained(current.stack().stackId(), name, weights, finalLosses));
        closeCurrent();
        requestWork();
    }

    private void fail(StackAssignment stack, RuntimeException e) {
        getContext().getLog().warn("trainer {} failed on stack {}", name, stack.stackId(), e);
        closeCurrent();
        supervisor.tell(new StackFailed(stack.stackId(), name, describe(e)));
        requestWork();
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void requestWork() {
        supervisor.tell(new RequestWork(getContext().getSelf(), name));
    }

    private Behavior<Command> closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
        return this;
    }
}
