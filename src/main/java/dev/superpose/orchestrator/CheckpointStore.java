package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.Materializer;
import akka.stream.SourceRef;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.StreamRefs;
import akka.util.ByteString;
import dev.superpose.orchestrator.CheckpointStoreProtocol.Fetch;
import dev.superpose.orchestrator.CheckpointStoreProtocol.Received;
import dev.superpose.orchestrator.CheckpointStoreProtocol.Upload;
import dev.superpose.orchestrator.SupervisorProtocol.CheckpointWritten;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointShipped;
import dev.superpose.orchestrator.TrainerProtocol.CheckpointStream;
import dev.superpose.train.CheckpointFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The only writer and reader of checkpoint files, on the run node: trainers anywhere ship their
 * checkpoints here as streams ({@link ByteTransfer}) and get them back as streams when a stack
 * continues, so no other node needs the home. A checkpoint is written atomically and verified
 * against the checksum its trainer computed before the supervisor records it; runs on a thread of
 * its own because it syncs files to disk.
 */
public final class CheckpointStore {
    private CheckpointStore() {
    }

    public static Behavior<CheckpointStoreProtocol.Command> create(Path dir,
                                                                   ActorRef<SupervisorProtocol.Command> supervisor) {
        return Behaviors.setup(ctx -> Behaviors.receive(CheckpointStoreProtocol.Command.class)
                .onMessage(Upload.class, upload -> {
                    long start = System.nanoTime();
                    ctx.pipeToSelf(ByteTransfer.receive(upload.bytes(), ctx.getSystem()),
                            (bytes, error) -> new Received(upload, bytes, error, start));
                    return Behaviors.same();
                })
                .onMessage(Received.class, received -> {
                    store(ctx, dir, supervisor, received);
                    return Behaviors.same();
                })
                .onMessage(Fetch.class, fetch -> {
                    SourceRef<ByteString> bytes = FileIO.fromPath(Path.of(fetch.checkpoint().path()), ByteTransfer.CHUNK_BYTES)
                            .runWith(StreamRefs.sourceRef(), Materializer.matFromSystem(ctx.getSystem()));
                    fetch.replyTo().tell(new CheckpointStream(fetch.stackId(), fetch.checkpoint().step(), bytes));
                    return Behaviors.same();
                })
                .build());
    }

    private static void store(ActorContext<CheckpointStoreProtocol.Command> ctx, Path dir,
                              ActorRef<SupervisorProtocol.Command> supervisor, Received received) {
        Upload upload = received.upload();
        boolean stored = false;
        if (received.error() != null) {
            ctx.getLog().warn("checkpoint of stack {} at step {} from {} did not arrive: {}", upload.stackId(),
                    upload.step(), upload.trainerName(), received.error().toString());
        } else if (!CheckpointFile.sha256(received.bytes()).equals(upload.checksum())) {
            ctx.getLog().warn("checkpoint of stack {} at step {} from {} arrived damaged (checksum mismatch)",
                    upload.stackId(), upload.step(), upload.trainerName());
        } else {
            Path file = dir.resolve(upload.stackId() + "-" + upload.step() + ".ckpt");
            try {
                CheckpointFile.Written written = CheckpointFile.writeBytes(file, received.bytes());
                supervisor.tell(new CheckpointWritten(upload.stackId(), upload.step(), file.toString(),
                        written.checksum(), written.bytes(), System.nanoTime() - received.startNanos()));
                stored = true;
            } catch (IOException e) {
                ctx.getLog().warn("cannot write the checkpoint {}", file, e);
            }
        }
        upload.ackTo().tell(new CheckpointShipped(upload.stackId(), upload.step(), stored));
    }
}
