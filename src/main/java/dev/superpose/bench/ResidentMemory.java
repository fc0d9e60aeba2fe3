package dev.superpose.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, for benchmark reports. */
final class ResidentMemory {
    private ResidentMemory() {
    }

    /** VmRSS in MiB, or "?" where /proc is not available. */
    static String mib() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> String.valueOf(Long.parseLong(l.replaceAll("\\D", "")) / 1024))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
