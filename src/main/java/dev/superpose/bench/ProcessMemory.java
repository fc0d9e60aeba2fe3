package dev.superpose.bench;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of the process's memory, in bytes: the Java heap in use (no GC forced, so it
 * saw-tooths) and committed (part of the RSS; it grows until the heap reaches its working size),
 * JavaCPP's off-heap accounting (what its deallocators track, and the physical memory JavaCPP
 * measures for the process) and the resident set size from {@code /proc/self/status} (−1 where
 * that file does not exist).
 */
public record ProcessMemory(long heapUsed, long heapCommitted, long offHeapTotal, long offHeapPhysical, long rss) {
    private static final double MIB = 1024.0 * 1024.0;

    public static ProcessMemory now() {
        Runtime runtime = Runtime.getRuntime();
        return new ProcessMemory(runtime.totalMemory() - runtime.freeMemory(), runtime.totalMemory(),
                Pointer.totalBytes(), Pointer.physicalBytes(), residentSetSize());
    }

    /** "heap=used/committed MiB offheap=… MiB physical=… MiB rss=… MiB". */
    public String describe() {
        return String.format("heap=%.1f/%.1f MiB offheap=%.1f MiB physical=%.1f MiB rss=%.1f MiB", heapUsed / MIB,
                heapCommitted / MIB, offHeapTotal / MIB, offHeapPhysical / MIB, rss / MIB);
    }

    private static long residentSetSize() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
