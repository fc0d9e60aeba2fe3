package dev.superpose.orchestrator;

import akka.actor.typed.ActorSystem;
import akka.stream.Materializer;
import akka.stream.SourceRef;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.StreamRefs;
import akka.util.ByteString;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Moves bytes (checkpoints, trained weights) between actors that may be on different nodes: as an
 * Akka Streams {@link SourceRef} of chunks well under Artery's frame size (256 KiB), with the
 * stream's own back-pressure, never as one large message. On one node the same refs carry the
 * chunks in memory.
 */
public final class ByteTransfer {
    /** Bytes per stream element: a quarter of Artery's default maximum frame. */
    static final int CHUNK_BYTES = 64 * 1024;

    private ByteTransfer() {
    }

    /** Offers {@code bytes} to whoever materializes the returned ref (within the subscription timeout, 30 s). */
    public static SourceRef<ByteString> offer(byte[] bytes, ActorSystem<?> system) {
        List<ByteString> chunks = new ArrayList<>(bytes.length / CHUNK_BYTES + 1);
        for (int from = 0; from < bytes.length; from += CHUNK_BYTES) {
            chunks.add(ByteString.fromArray(bytes, from, Math.min(CHUNK_BYTES, bytes.length - from)));
        }
        return Source.from(chunks).runWith(StreamRefs.sourceRef(), Materializer.matFromSystem(system));
    }

    /** Reads the whole stream; fails when the offering side fails or its node is lost. */
    public static CompletionStage<byte[]> receive(SourceRef<ByteString> ref, ActorSystem<?> system) {
        return ref.getSource().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat),
                Materializer.matFromSystem(system)).thenApply(ByteString::toArray);
    }
}
