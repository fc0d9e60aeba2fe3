package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;

/** Messages a {@link DeviceTrainer} handles. */
public final class TrainerProtocol {
    private TrainerProtocol() {
    }

    public sealed interface Command permits TrainStack, NoMoreWork, SupervisorsChanged, TrainChunk {
    }

    /** Train this stack to its last step, reporting to {@code replyTo}. */
    public record TrainStack(StackAssignment stack, ActorRef<SupervisorProtocol.Command> replyTo)
            implements Command, CborSerializable {
    }

    /** The sweep has nothing left to train: the trainer stops. */
    public record NoMoreWork() implements Command, CborSerializable {
    }

    /** Receptionist listing of the supervisor key, adapted (local only). */
    record SupervisorsChanged(Receptionist.Listing listing) implements Command {
    }

    /**
     * Self-message: train the next chunk of steps. Training is cut into chunks so the actor
     * stays responsive between them (and a chunk ends where a loss point is recorded).
     */
    record TrainChunk() implements Command {
    }
}
