package dev.superpose.orchestrator;

import akka.actor.typed.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import dev.superpose.model.TrialWeights;

import java.util.List;

/**
 * A trained stack's final weights, one {@link TrialWeights} per instance: the payload of
 * {@link SupervisorProtocol.StackTrained}, serialized by Akka's configured serializer (Jackson
 * CBOR) and streamed, since it easily exceeds one Artery frame.
 */
public record TrainedWeights(List<TrialWeights> weights) implements CborSerializable {
    public TrainedWeights {
        weights = List.copyOf(weights);
    }

    public byte[] toBytes(ActorSystem<?> system) {
        return serialization(system).serialize(this).get();
    }

    public static TrainedWeights fromBytes(byte[] bytes, ActorSystem<?> system) {
        return serialization(system).deserialize(bytes, TrainedWeights.class).get();
    }

    private static Serialization serialization(ActorSystem<?> system) {
        return SerializationExtension.get(system.classicSystem());
    }
}
