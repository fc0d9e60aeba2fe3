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
import dev.superpose.model.TrialWeights;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointRejected;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointWritten;
import dev.superpose.orchestrator.SupervisorProtocol.LossReport;
import dev.superpose.orchestrator.SupervisorProtocol.RequestWork;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackTrained;
import dev.superpose.orchestrator.SupervisorProtocol.TrainerStopped;
import dev.superpose.orchestrator.SupervisorProtocol.TrainingStarted;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointAndStop;
import dev.superpose.orchestrator.TrainerProtocol.Command;
import dev.superpose.orchestrator.TrainerProtocol.NoMoreWork;
import dev.superpose.orchestrator.TrainerProtocol.SupervisorsChanged;
import dev.superpose.orchestrator.TrainerProtocol.TrainChunk;
import dev.superpose.orchestrator.TrainerProtocol.TrainStack;
import dev.superpose.train.CheckpointFile;
import dev.superpose.train.StackTrainer;
import dev.superpose.train.StackTrainers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains one stack at a time on its own (blocking) dispatcher. It finds the supervisor through
 * the Receptionist and pulls work when idle; training runs in chunks of {@code train.log-every}
 * steps, each ending with a {@link LossReport}, so the actor handles other messages in between.
 * Checkpoints are written at chunk ends, so a stack always continues at a chunk boundary and its
 * loss points are the same as in an uninterrupted run.
 */
public final class DeviceTrainer extends AbstractBehavior<Command> {

    /** A trainer that throws outside a stack (a bug, not a bad stack) is restarted with backoff. */
    /** @param home this machine's home directory, where sources read their files and TMS trials */
    public static Behavior<Command> create(String name, SweepMeters meters, Path home) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new DeviceTrainer(ctx, name, meters, home)))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final String name;
    private final SweepMeters meters;
    private final Path home;
    private ActorRef<SupervisorProtocol.Command> supervisor;
    private Training current;

    /**
     * The stack in training, its native trainer, where it checkpoints, the step of its newest
     * checkpoint and the loss of its latest chunk (kept in checkpoints for a resumed evaluation).
     */
    private static final class Training implements AutoCloseable {
        final TrainStack order;
        final StackTrainer trainer;
        long checkpointedStep = -1;
        double[] chunkLoss;

        Training(TrainStack order, StackTrainer trainer) {
            this.order = order;
            this.trainer = trainer;
            this.chunkLoss = new double[order.stack().size()];
        }

        StackAssignment stack() {
            return order.stack();
        }

        @Override
        public void close() {
            trainer.close();
        }
    }

    private DeviceTrainer(ActorContext<Command> context, String name, SweepMeters meters, Path home) {
        super(context);
        this.name = name;
        this.meters = meters;
        this.home = home;
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
                .onMessage(CheckpointAndStop.class, m -> onCheckpointAndStop())
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
        try {
            current = new Training(msg, StackTrainers.create(msg.stack().configs(), home));
            meters.nativeBuffers(name, current.trainer.nativeBytes());
            restoreNewestIntactCheckpoint();
            supervisor.tell(new TrainingStarted(msg.stack().stackId(), name, current.trainer.stepsDone()));
            getContext().getSelf().tell(new TrainChunk());
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(msg.stack(), e);
        }
        return this;
    }

    /** Continues from the newest checkpoint that reads back intact; every rejected one is reported. */
    private void restoreNewestIntactCheckpoint() {
        for (CheckpointRef ref : current.order.checkpoints()) {
            try {
                CheckpointFile.Contents contents = CheckpointFile.read(Path.of(ref.path()), ref.checksum());
                current.trainer.restore(contents.state());
                current.checkpointedStep = ref.step();
                current.chunkLoss = contents.reportedLoss();
                return;
            } catch (IOException | IllegalArgumentException e) {
                supervisor.tell(new CheckpointRejected(current.stack().stackId(), ref.step(), ref.path(),
                        describe(e)));
            }
        }
    }

    private Behavior<Command> onTrainChunk() {
        if (current == null) {
            return this;
        }
        try {
            if (current.trainer.stepsDone() < current.stack().steps()) {
                trainChunk();
            }
            if (current.trainer.stepsDone() < current.stack().steps()) {
                getContext().getSelf().tell(new TrainChunk());
            } else {
                finish();
            }
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            // Out of memory is this stack's failure (its buffers are freed when it is closed), not the run's.
            fail(current.stack(), e);
        }
        return this;
    }

    /** Trains up to the next log point, reports the chunk's mean loss, and checkpoints when due. */
    private void trainChunk() throws IOException {
        StackTrainer trainer = current.trainer;
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
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= steps;
        }
        current.chunkLoss = sum;
        supervisor.tell(new LossReport(current.stack().stackId(), trainer.stepsDone(), sum));
        meters.stepsTrained(name, steps, (long) steps * current.stack().configs().get(0).train().batchSize()
                * current.stack().size());
        meters.stackLoss(name, sum);
        long checkpointEvery = current.order.checkpointEvery();
        if (trainer.stepsDone() / checkpointEvery > Math.max(current.checkpointedStep, 0) / checkpointEvery) {
            checkpoint();
        }
    }

    /** Writes the stack's state (atomically; see {@link CheckpointFile}) unless it is already saved. */
    private void checkpoint() throws IOException {
        long step = current.trainer.stepsDone();
        if (step == current.checkpointedStep || step == 0) {
            return;
        }
        long started = System.nanoTime();
        Path file = Path.of(current.order.checkpointDir(), current.stack().stackId() + "-" + step + ".ckpt");
        CheckpointFile.Written written = CheckpointFile.write(file, current.trainer.exportState(), current.chunkLoss);
        current.checkpointedStep = step;
        meters.checkpointWritten(System.nanoTime() - started, written.bytes());
        supervisor.tell(new CheckpointWritten(current.stack().stackId(), step, file.toString(), written.checksum(),
                written.bytes(), System.nanoTime() - started));
    }

    private void finish() throws IOException {
        checkpoint();
        List<TrialWeights> weights = new ArrayList<>(current.stack().size());
        for (int i = 0; i < current.stack().size(); i++) {
            weights.add(current.trainer.weights(i));
        }
        supervisor.tell(new StackTrained(current.stack().stackId(), name, weights, current.chunkLoss));
        closeCurrent();
        requestWork();
    }

    private Behavior<Command> onCheckpointAndStop() {
        if (current != null) {
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                getContext().getLog().warn("trainer {} could not checkpoint stack {} on interruption", name,
                        current.stack().stackId(), e);
            }
        }
        if (supervisor != null) {
            supervisor.tell(new TrainerStopped(name));
        }
        return Behaviors.stopped();
    }

    private void fail(StackAssignment stack, Throwable e) {
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
            meters.nativeBuffers(name, 0);
        }
        return this;
    }
}
