package dev.superpose.orchestrator;

import dev.superpose.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Trainer names on the CPU backend, and the node and device that status reads back from them. */
class TrainerSlotsTest {

    @Test
    void aWorkersTrainersAreNamedByItsAddressAndTheirDevice() {
        List<TrainerSlots.Slot> slots = TrainerSlots.plan("10.0.0.2:25521/", List.of(0), 2);
        assertEquals(List.of(new TrainerSlots.Slot("10.0.0.2:25521/cpu-0", 0, "cpu"),
                new TrainerSlots.Slot("10.0.0.2:25521/cpu-1", 0, "cpu")), slots);
        assertEquals("10.0.0.2:25521", TrainerSlots.nodeOf(slots.get(1).name()));
        assertEquals("cpu", TrainerSlots.deviceOf(slots.get(1).name()));
    }

    @Test
    void theRunNodesTrainersHaveNoAddressInTheirName() {
        assertEquals("run node", TrainerSlots.nodeOf("cpu-0"));
        assertEquals("cpu", TrainerSlots.deviceOf("cpu-0"));
        assertEquals("gpu1", TrainerSlots.deviceOf("[::1]:25521/gpu1-0"));
        assertEquals("[::1]:25521", TrainerSlots.nodeOf("[::1]:25521/gpu1-0"));
    }

    @Test
    void aDeviceTheBackendLacksIsRefusedNamingTheDevicesThereAre() {
        BadInputException e = assertThrows(BadInputException.class, () -> TrainerSlots.devices("0,3", "--devices"));
        assertEquals("--devices 0,3: device 3 does not exist; this machine's ND4J backend has 1 device(s), 0..0",
                e.getMessage());
        assertEquals(List.of(0), TrainerSlots.devices("all", "--devices"));
    }
}
