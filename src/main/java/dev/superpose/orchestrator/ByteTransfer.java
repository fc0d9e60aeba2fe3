package dev.superpose.orchestrator;

import akka.actor.typed.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
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

    /** Offers {@code value} as the configured serializer (Jackson CBOR) writes it. */
    public static SourceRef<ByteString> offer(CborSerializable value, ActorSystem<?> system) {
        return offer(serialization(system).serialize(value).get(), system);
    }

    /** Reads a stream of {@link #offer(CborSerializable, ActorSystem)} back into a {@code type}. */
    public static <T extends CborSerializable> CompletionStage<T> receive(SourceRef<ByteString> ref, Class<T> type,
                                                                        ActorSystem<?> system) {
        return receive(ref, system).thenApply(bytes -> serialization(system).deserialize(bytes, type).get());
    }

    private static Serialization serialization(ActorSystem<?> system) {
        return SerializationExtension.get(system.classicSystem());
    }

    /** Reads the whole stream; fails when the offering side fails or its node is lost. */
    public static CompletionStage<byte[]> receive(SourceRef<ByteString> ref, ActorSystem<?> system) {
        return ref.getSource().runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat),
                Materializer.matFromSystem(system)).thenApply(ByteString::toArray);
    }
}
