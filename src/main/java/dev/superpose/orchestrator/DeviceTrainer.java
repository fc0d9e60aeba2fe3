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
import dev.superpose.metrics.TrainerMeters;
import dev.superpose.model.TrialWeights;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointRejected;
import dev.superpose.orchestrator.SupervisorProtocol.LossReport;
import dev.superpose.orchestrator.SupervisorProtocol.RequestWork;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackTrained;
import dev.superpose.orchestrator.SupervisorProtocol.TrainerStopped;
import dev.superpose.orchestrator.SupervisorProtocol.TrainingStarted;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointAndStop;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointFetched;
import dev.superpose.orchestrator.TrainerProtocol.StackReceived;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointShipped;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointStream;
import dev.superpose.orchestrator.TrainerProtocol.Command;
import dev.superpose.orchestrator.TrainerProtocol.NoMoreWork;
import dev.superpose.orchestrator.TrainerProtocol.SupervisorsChanged;
import dev.superpose.orchestrator.TrainerProtocol.TrainChunk;
import dev.superpose.orchestrator.TrainerProtocol.TrainStack;
import dev.superpose.train.CheckpointFile;
import dev.superpose.train.StackTrainer;
import dev.superpose.train.StackTrainers;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains one stack at a time on its own (blocking) dispatcher, bound to one ND4J device. It finds
 * the supervisor through the Receptionist (on this node or across the cluster) and pulls work
 * when idle; training runs in chunks of {@code train.log-every} steps, each ending with a
 * {@link LossReport}, so the actor handles other messages in between. It never touches the home:
 * checkpoints are shipped to the {@link CheckpointStore} at chunk ends and fetched back from it
 * when a stack continues, and the final weights are streamed to the supervisor. A stack therefore
 * always continues at a chunk boundary and its loss points are the same as in an uninterrupted run.
 */
public final class DeviceTrainer extends AbstractBehavior<Command> {

    /**
     * A trainer that throws outside a stack (a bug, not a bad stack) is restarted with backoff.
     *
     * @param slot     its name and the ND4J device its thread is bound to (the affinity manager ignores it on CPU)
     * @param home     this machine's home directory, where sources read their files and TMS trials
     * @param released told why the trainer stops when the supervisor has no more work for it (a
     *                 worker node says so to its user)
     */
    public static Behavior<Command> create(TrainerSlots.Slot slot, TrainerMeters.Source meters, Path home,
                                           ActorRef<NoMoreWork> released) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new DeviceTrainer(ctx, slot, meters, home, released)))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private final String name;
    private final TrainerMeters.Id id;
    private final TrainerMeters.Source meterSource;
    /** The meters of the sweep this trainer trains for, known from its first stack. */
    private TrainerMeters meters;
    private final Path home;
    private final ActorRef<NoMoreWork> released;
    private ActorRef<SupervisorProtocol.Command> supervisor;
    private Training current;
    /** Checkpoints shipped to the store and not yet acknowledged; a stopping trainer waits for them. */
    private int unacknowledged;
    private boolean stopping;

    /**
     * The stack in training, its native trainer, the step of its newest checkpoint and the loss of
     * its latest chunk (kept in checkpoints for a resumed evaluation); {@code restoring} while a
     * stored checkpoint is on its way.
     */
    private static final class Training implements AutoCloseable {
        final TrainStack order;
        final StackAssignment stack;
        final StackTrainer trainer;
        long checkpointedStep = -1;
        double[] chunkLoss;
        boolean restoring;

        Training(TrainStack order, StackAssignment stack, StackTrainer trainer) {
            this.order = order;
            this.stack = stack;
            this.trainer = trainer;
            this.chunkLoss = new double[stack.size()];
        }

        StackAssignment stack() {
            return stack;
        }

        String stackId() {
            return stack.stackId();
        }

        @Override
        public void close() {
            trainer.close();
        }
    }

    private DeviceTrainer(ActorContext<Command> context, TrainerSlots.Slot slot, TrainerMeters.Source meters, Path home,
                          ActorRef<NoMoreWork> released) {
        super(context);
        this.name = slot.name();
        // the node as `status` shows it too: a worker's host:port, or "run node"
        this.id = new TrainerMeters.Id(TrainerSlots.nodeOf(slot.name()), slot.deviceLabel(), slot.name());
        this.meterSource = meters;
        this.home = home;
        this.released = released;
        // The trainer's dispatcher pins it to one thread: bind that thread to its device once.
        Nd4j.getAffinityManager().unsafeSetDevice(slot.device());
        ActorRef<Receptionist.Listing> adapter =
                context.messageAdapter(Receptionist.Listing.class, SupervisorsChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(SweepSupervisor.KEY, adapter));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SupervisorsChanged.class, this::onSupervisorsChanged)
                .onMessage(TrainStack.class, this::onTrainStack)
                .onMessage(StackReceived.class, this::onStackReceived)
                .onMessage(CheckpointStream.class, this::onCheckpointStream)
                .onMessage(CheckpointFetched.class, this::onCheckpointFetched)
                .onMessage(TrainChunk.class, m -> onTrainChunk())
                .onMessage(CheckpointShipped.class, this::onCheckpointShipped)
                .onMessage(CheckpointAndStop.class, m -> onCheckpointAndStop())
                .onMessage(NoMoreWork.class, this::onNoMoreWork)
                .onSignal(PostStop.class, s -> closeCurrent())
                .build();
    }

    private Behavior<Command> onNoMoreWork(NoMoreWork msg) {
        released.tell(msg);
        return Behaviors.stopped();
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

    /** The stack streams in first (from the run node, perhaps); training starts once it is here. */
    private Behavior<Command> onTrainStack(TrainStack msg) {
        supervisor = msg.replyTo();
        getContext().pipeToSelf(ByteTransfer.receive(msg.stack(), StackAssignment.class, getContext().getSystem()),
                (stack, error) -> new StackReceived(msg, stack, error));
        return this;
    }

    private Behavior<Command> onStackReceived(StackReceived msg) {
        if (stopping) {
            return this; // interrupted meanwhile: the supervisor re-queues the stack with the run's end
        }
        if (msg.error() != null) {
            fail(msg.order().stackId(), new IOException("the stack did not arrive: " + describe(msg.error()),
                    msg.error()));
            return this;
        }
        StackAssignment stack = msg.stack();
        if (meters == null) {
            meters = meterSource.trainer(msg.order().sweep(), stack.configs().get(0).experiment().id(), id);
        }
        try {
            current = new Training(msg.order(), stack, StackTrainers.create(stack.configs(), home));
            meters.nativeBuffers(current.trainer.nativeBytes());
            fetchCheckpoint(0);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(stack.stackId(), e);
        }
        return this;
    }

    /** Asks the store for checkpoint {@code index} of the stack's list (newest first), or starts without one. */
    private void fetchCheckpoint(int index) {
        List<CheckpointRef> checkpoints = current.order.checkpoints();
        if (index >= checkpoints.size()) {
            startTraining();
            return;
        }
        current.restoring = true;
        CheckpointRef ref = checkpoints.get(index);
        current.order.store().tell(new CheckpointStoreProtocol.Fetch(current.stackId(), ref, getContext().getSelf()));
    }

    private Behavior<Command> onCheckpointStream(CheckpointStream msg) {
        if (current == null || !current.restoring || !current.stackId().equals(msg.stackId())) {
            return this;
        }
        int index = indexOf(msg.step());
        getContext().pipeToSelf(ByteTransfer.receive(msg.bytes(), getContext().getSystem()),
                (bytes, error) -> new CheckpointFetched(msg.stackId(), index, bytes, error));
        return this;
    }

    private int indexOf(long step) {
        List<CheckpointRef> checkpoints = current.order.checkpoints();
        for (int i = 0; i < checkpoints.size(); i++) {
            if (checkpoints.get(i).step() == step) {
                return i;
            }
        }
        throw new IllegalStateException("the store streamed step " + step + ", which stack " + current.stackId()
                + " did not ask for");
    }

    /** Continues from the fetched checkpoint if it reads back intact; otherwise reports it and tries the next. */
    private Behavior<Command> onCheckpointFetched(CheckpointFetched msg) {
        if (current == null || !current.restoring || !current.stackId().equals(msg.stackId())) {
            return this;
        }
        CheckpointRef ref = current.order.checkpoints().get(msg.index());
        try {
            if (msg.error() != null) {
                throw new IOException("checkpoint " + ref.path() + ": " + describe(msg.error()), msg.error());
            }
            CheckpointFile.Contents contents = CheckpointFile.decode(msg.bytes(), ref.checksum(), ref.path());
            current.trainer.restore(contents.state());
            current.checkpointedStep = ref.step();
            current.chunkLoss = contents.reportedLoss();
        } catch (IOException | IllegalArgumentException e) {
            supervisor.tell(new CheckpointRejected(current.stackId(), ref.step(), ref.path(), describe(e)));
            fetchCheckpoint(msg.index() + 1);
            return this;
        } catch (RuntimeException e) {
            fail(current.stackId(), e);
            return this;
        }
        startTraining();
        return this;
    }

    private void startTraining() {
        current.restoring = false;
        supervisor.tell(new TrainingStarted(current.stackId(), name, current.trainer.stepsDone()));
        getContext().getSelf().tell(new TrainChunk());
    }

    private Behavior<Command> onTrainChunk() {
        if (current == null || current.restoring || stopping) {
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
        } catch (RuntimeException | OutOfMemoryError e) {
            // Out of memory is this stack's failure (its buffers are freed when it is closed), not the run's.
            fail(current.stackId(), e);
        }
        return this;
    }

    /** Trains up to the next log point, reports the chunk's mean loss, and checkpoints when due. */
    private void trainChunk() {
        StackTrainer trainer = current.trainer;
        long total = current.stack().steps();
        int logEvery = current.stack().configs().get(0).train().logEvery();
        long target = Math.min(total, (trainer.stepsDone() / logEvery + 1) * logEvery);
        double[] sum = new double[current.stack().size()];
        int steps = 0;
        while (trainer.stepsDone() < target) {
            long start = System.nanoTime();
            trainer.step();
            meters.stepDuration(System.nanoTime() - start);
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
        supervisor.tell(new LossReport(current.stackId(), name, trainer.stepsDone(), sum));
        meters.stepsTrained(steps, (long) steps * current.stack().configs().get(0).train().batchSize()
                * current.stack().size());
        meters.stackLoss(sum);
        long checkpointEvery = current.order.checkpointEvery();
        if (trainer.stepsDone() / checkpointEvery > Math.max(current.checkpointedStep, 0) / checkpointEvery) {
            checkpoint();
        }
    }

    /** Ships the stack's state to the store (which writes it atomically) unless it is already saved. */
    private void checkpoint() {
        long step = current.trainer.stepsDone();
        if (step == current.checkpointedStep || step == 0) {
            return;
        }
        long started = System.nanoTime();
        byte[] bytes = CheckpointFile.encode(current.trainer.exportState(), current.chunkLoss);
        current.order.store().tell(new CheckpointStoreProtocol.Upload(current.stackId(), name, step,
                CheckpointFile.sha256(bytes), ByteTransfer.offer(bytes, getContext().getSystem()), getContext().getSelf()));
        unacknowledged++;
        current.checkpointedStep = step;
        meters.checkpointShipped(System.nanoTime() - started, bytes.length);
    }

    private Behavior<Command> onCheckpointShipped(CheckpointShipped msg) {
        unacknowledged--;
        return stopWhenShipped();
    }

    private void finish() {
        checkpoint();
        List<TrialWeights> weights = new ArrayList<>(current.stack().size());
        for (int i = 0; i < current.stack().size(); i++) {
            weights.add(current.trainer.weights(i));
        }
        supervisor.tell(new StackTrained(current.stackId(), name,
                ByteTransfer.offer(new TrainedWeights(weights), getContext().getSystem()),
                current.chunkLoss));
        closeCurrent();
        requestWork();
    }

    /** Checkpoints the stack in training, then stops once the store has acknowledged every shipped checkpoint. */
    private Behavior<Command> onCheckpointAndStop() {
        if (current != null && !current.restoring) {
            try {
                checkpoint();
            } catch (RuntimeException e) {
                getContext().getLog().warn("trainer {} could not checkpoint stack {} on interruption", name,
                        current.stackId(), e);
            }
        }
        stopping = true;
        return stopWhenShipped();
    }

    private Behavior<Command> stopWhenShipped() {
        if (!stopping || unacknowledged > 0) {
            return this;
        }
        if (supervisor != null) {
            supervisor.tell(new TrainerStopped(name));
        }
        return Behaviors.stopped();
    }

    private void fail(String stackId, Throwable e) {
        getContext().getLog().warn("trainer {} failed on stack {}", name, stackId, e);
        closeCurrent();
        supervisor.tell(new StackFailed(stackId, name, describe(e)));
        requestWork();
    }

    /** A failure as recorded with its stack: the error's class and message, one line. */
    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void requestWork() {
        supervisor.tell(new RequestWork(getContext().getSelf(), name));
    }

    private Behavior<Command> closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
            meters.nativeBuffers(0);
        }
        return this;
    }
}
