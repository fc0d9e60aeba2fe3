package dev.superpose.orchestrator;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;

import java.util.List;

/** Messages a {@link DeviceTrainer} handles. */
public final class TrainerProtocol {
    private TrainerProtocol() {
    }

    public sealed interface Command permits TrainStack, CheckpointAndStop, NoMoreWork, SupervisorsChanged, TrainChunk {
    }

    /**
     * Train this stack to its last step, reporting to {@code replyTo}: continue from the newest
     * of {@code checkpoints} (newest first) that reads back intact, or from step 0; write a
     * checkpoint into {@code checkpointDir} every {@code checkpointEvery} steps and at the end.
     */
    public record TrainStack(StackAssignment stack, List<CheckpointRef> checkpoints, String checkpointDir,
                             int checkpointEvery, ActorRef<SupervisorProtocol.Command> replyTo)
            implements Command, CborSerializable {
        public TrainStack {
            checkpoints = List.copyOf(checkpoints);
        }
    }

    /** The run is being interrupted: checkpoint the stack in training now, report, and stop. */
    public record CheckpointAndStop() implements Command, CborSerializable {
    }

    /** The sweep has nothing left to train: the trainer stops. */
    public record NoMoreWork() implements Command, CborSerializable {
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
}
