package dev.superpose.orchestrator;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import akka.stream.SourceRef;
import akka.util.ByteString;

import java.util.List;

/** Messages a {@link DeviceTrainer} handles; it may run on another node than the supervisor. */
public final class TrainerProtocol {
    private TrainerProtocol() {
    }

    public sealed interface Command permits TrainStack, CheckpointAndStop, NoMoreWork, CheckpointStream,
            CheckpointShipped, SupervisorsChanged, TrainChunk, StackReceived, CheckpointFetched {
    }

    /**
     * Train stack {@code stackId} of sweep {@code sweep} to its last step, reporting to
     * {@code replyTo}. The stack itself ({@link StackAssignment}: its trials and their configs,
     * about 1 KiB a trial, so over Artery's frame for a few hundred trials) comes as a stream,
     * {@code stack}. Continue from the newest of {@code checkpoints} (newest first) that
     * {@code store} streams back intact, or from step 0; ship a checkpoint to {@code store} every
     * {@code checkpointEvery} steps and at the end.
     */
    public record TrainStack(String sweep, String stackId, SourceRef<ByteString> stack, List<CheckpointRef> checkpoints,
                             int checkpointEvery, ActorRef<SupervisorProtocol.Command> replyTo,
                             ActorRef<CheckpointStoreProtocol.Command> store)
            implements Command, CborSerializable {
        public TrainStack {
            checkpoints = List.copyOf(checkpoints);
        }
    }

    /** The run is being interrupted: checkpoint the stack in training now, report, and stop. */
    public record CheckpointAndStop() implements Command, CborSerializable {
    }

    /**
     * Sweep {@code sweep} has nothing left to train for this trainer, which stops: it ended, or it
     * is being {@code interrupted} (Ctrl-C on the run node). A worker tells its user which.
     */
    public record NoMoreWork(String sweep, boolean interrupted) implements Command, CborSerializable {
    }

    /** The store's answer to {@link CheckpointStoreProtocol.Fetch}: the stored file's bytes, as a stream. */
    public record CheckpointStream(String stackId, long step, SourceRef<ByteString> bytes)
            implements Command, CborSerializable {
    }

    /** The store has the checkpoint of {@code stackId} at {@code step} on disk (or gave up: {@code stored} false). */
    public record CheckpointShipped(String stackId, long step, boolean stored) implements Command, CborSerializable {
    }

    /** Receptionist listing of the supervisor key, adapted: never leaves the trainer's node. */
    record SupervisorsChanged(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    /**
     * Self-message: train the next chunk of steps. Training is cut into chunks so the actor
     * stays responsive between them (and a chunk ends where a loss point is recorded).
     */
    record TrainChunk() implements Command, NoSerializationVerificationNeeded {
    }

    /** Self-message: the stack of {@code order} arrived ({@code stack}) or could not ({@code error}). */
    record StackReceived(TrainStack order, StackAssignment stack, Throwable error)
            implements Command, NoSerializationVerificationNeeded {
    }

    /** Self-message: the checkpoint {@code index} of the stack's list arrived ({@code bytes}) or could not ({@code error}). */
    record CheckpointFetched(String stackId, int index, byte[] bytes, Throwable error)
            implements Command, NoSerializationVerificationNeeded {
    }
}
