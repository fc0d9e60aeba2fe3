package dev.superpose.orchestrator;

/**
 * Marker for messages that may cross the network when trainers run on other machines: bound to
 * Akka's Jackson CBOR serializer in application.conf (Java serialization stays off).
 */
public interface CborSerializable {
}
