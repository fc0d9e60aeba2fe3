package dev.superpose.orchestrator;

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
}
