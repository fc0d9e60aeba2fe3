package dev.superpose.orchestrator;

import dev.superpose.config.BadInputException;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which trainers a node runs: {@code perDevice} trainers on each ND4J device it is given. The
 * CPU backend has one device (0), so there it is simply {@code perDevice} trainers; with CUDA it
 * is one (or more) per GPU. The same code runs on both backends; only the device count differs.
 */
public final class TrainerSlots {
    /**
     * A trainer to spawn: its name (unique in the cluster once prefixed), its device, and that
     * device as metrics and status name it ({@code cpu}, {@code gpu<N>}).
     */
    public record Slot(String name, int device, String deviceLabel) {
    }

    private TrainerSlots() {
    }

    /** Trainer names are {@code prefix + "cpu-" + i} on CPU, {@code prefix + "gpu" + device + "-" + i} on GPUs. */
    public static List<Slot> plan(String prefix, List<Integer> devices, int perDevice) {
        boolean cpu = Nd4j.getEnvironment().isCPU();
        List<Slot> slots = new ArrayList<>();
        for (int device : devices) {
            for (int i = 0; i < perDevice; i++) {
                String label = cpu ? "cpu" : "gpu" + device;
                slots.add(new Slot(prefix + label + "-" + i, device, label));
            }
        }
        return slots;
    }

    /** The node a trainer runs on, read back from its name: a worker's {@code host:port}, or {@code run node}. */
    public static String nodeOf(String trainerName) {
        int slash = trainerName.lastIndexOf('/');
        return slash < 0 ? "run node" : trainerName.substring(0, slash);
    }

    /** The device label of a trainer ({@code cpu}, {@code gpu<N>}), read back from its name. */
    public static String deviceOf(String trainerName) {
        String slot = trainerName.substring(trainerName.lastIndexOf('/') + 1);
        int dash = slot.lastIndexOf('-');
        return dash < 0 ? slot : slot.substring(0, dash);
    }

    /** Every device of the backend. */
    public static List<Integer> allDevices() {
        return devices("all", "--devices");
    }

    /**
     * Parses a device list: {@code all}, or device numbers separated by commas.
     *
     * @throws BadInputException naming {@code option} and the devices there are
     */
    public static List<Integer> devices(String list, String option) {
        int count = Nd4j.getAffinityManager().getNumberOfDevices();
        List<Integer> devices = new ArrayList<>();
        if (list.trim().equals("all")) {
            for (int d = 0; d < count; d++) {
                devices.add(d);
            }
            return devices;
        }
        TreeSet<Integer> seen = new TreeSet<>();
        for (String part : list.split(",")) {
            int device;
            try {
                device = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(option + " " + list + ": expected 'all' or device numbers like 0,1, got '"
                        + part.trim() + "'");
            }
            if (device < 0 || device >= count) {
                throw new BadInputException(option + " " + list + ": device " + device + " does not exist; this"
                        + " machine's ND4J backend has " + count + " device(s), 0.." + (count - 1));
            }
            if (seen.add(device)) {
                devices.add(device);
            }
        }
        return devices;
    }
}
