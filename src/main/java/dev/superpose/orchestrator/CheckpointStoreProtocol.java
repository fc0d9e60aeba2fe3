package dev.superpose.orchestrator;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.stream.SourceRef;
import akka.util.ByteString;

/** Messages the {@link CheckpointStore} (on the run node, beside the home) handles. */
public final class CheckpointStoreProtocol {
    private CheckpointStoreProtocol() {
    }

    public sealed interface Command permits Upload, Fetch, Received {
    }

    /**
     * A trainer's checkpoint of {@code stackId} after {@code step} steps, {@code checksum} the
     * SHA-256 of its bytes: store it, tell the supervisor, acknowledge to {@code ackTo}.
     */
    public record Upload(String stackId, String trainerName, long step, String checksum, SourceRef<ByteString> bytes,
                         ActorRef<TrainerProtocol.Command> ackTo) implements Command, CborSerializable {
    }

    /** Stream a stored checkpoint back to the trainer that continues the stack. */
    public record Fetch(String stackId, CheckpointRef checkpoint, ActorRef<TrainerProtocol.Command> replyTo)
            implements Command, CborSerializable {
    }

    /** Self-message: an upload's bytes arrived, or its stream failed ({@code error}). */
    record Received(Upload upload, byte[] bytes, Throwable error, long startNanos)
            implements Command, NoSerializationVerificationNeeded {
    }
}
