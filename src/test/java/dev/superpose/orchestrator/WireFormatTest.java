package dev.superpose.orchestrator;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.stream.SourceRef;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import akka.serialization.jackson.JacksonCborSerializer;
import com.typesafe.config.ConfigFactory;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every message of the orchestrator's sealed protocols either crosses the wire through the
 * configured serializer (Jackson CBOR) and comes back the same, or is explicitly local
 * ({@link NoSerializationVerificationNeeded}: self-messages and adapted Receptionist listings).
 * The message types are found by walking the sealed hierarchies, so a new message that cannot
 * cross nodes fails here rather than on the first cluster run.
 */
class WireFormatTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());
    private static final List<Class<?>> PROTOCOLS = List.of(SupervisorProtocol.Command.class,
            TrainerProtocol.Command.class, EvaluatorProtocol.Command.class, CheckpointStoreProtocol.Command.class);

    @TempDir
    static Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void everyMessageRoundTripsThroughJacksonCborOrIsMarkedLocal() throws IOException {
        Samples samples = new Samples(domainSamples());
        List<Class<?>> messages = new ArrayList<>();
        PROTOCOLS.forEach(protocol -> collectRecords(protocol, messages));
        assertTrue(messages.size() >= 15, "found " + messages);
        int crossing = 0;
        for (Class<?> type : messages) {
            if (NoSerializationVerificationNeeded.class.isAssignableFrom(type)) {
                assertFalse(CborSerializable.class.isAssignableFrom(type), type + " is both local and wire-bound");
                continue;
            }
            assertTrue(CborSerializable.class.isAssignableFrom(type),
                    type.getName() + " is neither CborSerializable nor marked local");
            assertRoundTrips(samples.of(type, type));
            crossing++;
        }
        assertTrue(crossing >= 16, "messages that cross: " + crossing);
    }

    @Test
    void sweepConfigsOfBothExperimentsRoundTrip() throws IOException {
        for (StackAssignment stack : List.of(stack("tms"), stack("sae"))) {
            assertRoundTrips(stack);
        }
    }

    @Test
    void trainedWeightsRoundTripAsAStream() {
        TrainedWeights weights = new TrainedWeights(List.of(domainSamplesWeights(), domainSamplesWeights()));
        assertEquals(weights, ByteTransfer.receive(ByteTransfer.offer(weights, testKit.system()), TrainedWeights.class,
                testKit.system()).toCompletableFuture().join());
    }

    /**
     * A stack's configs take about 1.1 KiB a trial on the wire: a stack of 300 trials (the
     * default stack size is 256; sae-l1 once had stacks of 210 SAEs, 235 KB) passes Artery's
     * 256 KiB frame. So the work order carries the stack as a stream, and stays small whatever
     * the stack's size.
     */
    @Test
    void aWorkOrderStaysSmallHoweverLargeItsStackIsWhichTravelsAsAStream() throws IOException {
        Path file = dir.resolve("large.conf");
        Files.writeString(file, "sweep { name = large, experiment = tms, stack-size = 300, seeds = "
                + IntStream.range(0, 300).boxed().toList() + " }\ntrain { steps = 10 }\n");
        List<StackAssignment> stacks = StackPlanner.plan(SweepLoader.load(file, List.of()).trials(), 300);
        assertEquals(1, stacks.size());
        StackAssignment large = stacks.get(0);
        Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
        int stackBytes = serialization.serialize(large).get().length;
        assertTrue(stackBytes > 256 * 1024, "the stack alone: " + stackBytes + " bytes");

        TrainerProtocol.TrainStack order = new TrainerProtocol.TrainStack("large", large.stackId(),
                ByteTransfer.offer(large, testKit.system()), List.of(), 1000,
                testKit.<SupervisorProtocol.Command>createTestProbe().getRef(),
                testKit.<CheckpointStoreProtocol.Command>createTestProbe().getRef());
        int orderBytes = serialization.serialize(order).get().length;
        assertTrue(orderBytes < 4096, "the work order: " + orderBytes + " bytes");
        assertEquals(large, ByteTransfer.receive(order.stack(), StackAssignment.class, testKit.system())
                .toCompletableFuture().join());
    }

    @Test
    void aSingleComponentRecordRoundTrips() {
        Object copy = assertRoundTrips(new SupervisorProtocol.TrainerStopped("worker-1/cpu-0"));
        assertEquals(new SupervisorProtocol.TrainerStopped("worker-1/cpu-0"), copy);
    }

    /** Serializes with the serializer Akka picks for the type, reads back, and compares the bytes of both. */
    private static Object assertRoundTrips(Object message) {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
        try {
            akka.serialization.Serializer serializer = serialization.findSerializerFor(message);
            assertEquals(JacksonCborSerializer.class, serializer.getClass(), message.getClass().getName());
            byte[] bytes = serialization.serialize(message).get();
            Object copy = serialization.deserialize(bytes, serializer.identifier(),
                    Serializers.manifestFor(serializer, message)).get();
            assertEquals(message.getClass(), copy.getClass());
            assertArrayEquals(bytes, serialization.serialize(copy).get(), message.getClass().getName());
            return copy;
        } catch (Exception e) {
            return fail(message.getClass().getName() + " does not round-trip: " + e, e);
        }
    }

    private static void collectRecords(Class<?> type, List<Class<?>> into) {
        if (type.isRecord()) {
            into.add(type);
        }
        if (type.isSealed()) {
            Arrays.stream(type.getPermittedSubclasses()).forEach(sub -> collectRecords(sub, into));
        }
    }

    private static Map<Class<?>, Object> domainSamples() throws IOException {
        Map<Class<?>, Object> samples = new LinkedHashMap<>();
        samples.put(StackAssignment.class, stack("tms"));
        samples.put(TrialWeights.class, domainSamplesWeights());
        samples.put(TrialEvaluation.class, new TrialEvaluation("t0001", TrialStatus.DONE,
                Map.of("loss", 0.125, "n_represented", 2.0)));
        samples.put(ActorRef.class, testKit.createTestProbe().getRef());
        samples.put(SourceRef.class, ByteTransfer.offer(new byte[]{1, 2, 3}, testKit.system()));
        return samples;
    }

    private static TrialWeights domainSamplesWeights() {
        return TrialWeights.of(new NamedArray("W", new int[]{2, 3}, new float[]{1, 2, 3, 4, 5, 6}),
                new NamedArray("b_final", new int[]{3}, new float[]{0.5f, -0.25f, Float.MIN_VALUE}));
    }

    private static StackAssignment stack(String experiment) throws IOException {
        Path file = dir.resolve(experiment + ".conf");
        Files.writeString(file, "sweep { name = wire, experiment = " + experiment + ", seeds = [0, 1] }\n"
                + "train { steps = 10 }\n");
        SweepPlan plan = SweepLoader.load(file, List.of());
        return StackPlanner.plan(plan.trials(), 16).get(0);
    }

    /** Builds a value of any message type: records through their canonical constructor, leaves from samples. */
    private record Samples(Map<Class<?>, Object> domain) {
        Object of(Class<?> raw, Type generic) {
            if (domain.containsKey(raw)) {
                return domain.get(raw);
            }
            if (raw == String.class) {
                return "s0001";
            }
            if (raw == long.class || raw == Long.class) {
                return 1234L;
            }
            if (raw == int.class || raw == Integer.class) {
                return 7;
            }
            if (raw == double.class || raw == Double.class) {
                return 0.375;
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return true;
            }
            if (raw == double[].class) {
                return new double[]{0.25, Double.NaN, 1e-300};
            }
            if (raw.isEnum()) {
                return raw.getEnumConstants()[0];
            }
            if (raw == List.class) {
                Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
                Class<?> elementRaw = element instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) element;
                return List.of(of(elementRaw, element), of(elementRaw, element));
            }
            if (raw.isRecord()) {
                return record(raw);
            }
            if (raw.isArray()) {
                Object array = Array.newInstance(raw.getComponentType(), 1);
                Array.set(array, 0, of(raw.getComponentType(), raw.getComponentType()));
                return array;
            }
            return fail("no sample for " + generic + ": add one to WireFormatTest.domainSamples");
        }

        private Object record(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = of(types[i], components[i].getGenericType());
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                return fail("cannot build a sample " + type.getName() + ": " + e, e);
            }
        }
    }
}
