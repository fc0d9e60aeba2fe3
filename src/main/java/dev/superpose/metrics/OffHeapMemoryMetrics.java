package dev.superpose.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.bytedeco.javacpp.Pointer;

/**
 * ND4J's native memory as JavaCPP accounts it: bytes its buffers have allocated off the Java
 * heap, and the physical memory (resident set) of the whole process, each with its configured cap
 * ({@code org.bytedeco.javacpp.maxbytes} / {@code maxphysicalbytes}).
 */
final class OffHeapMemoryMetrics implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("superpose.nd4j.allocated", Pointer::totalBytes).baseUnit("bytes")
                .description("Off-heap bytes allocated by ND4J/JavaCPP buffers").register(registry);
        Gauge.builder("superpose.nd4j.allocated.max", Pointer::maxBytes).baseUnit("bytes")
                .description("Cap on ND4J/JavaCPP off-heap allocations (org.bytedeco.javacpp.maxbytes)")
                .register(registry);
        // JavaCPP's "physical bytes" is the resident set size of the process: heap, off-heap and code.
        Gauge.builder("superpose.process.rss", Pointer::physicalBytes).baseUnit("bytes")
                .description("Resident set size of the process (JavaCPP physicalBytes)").register(registry);
        Gauge.builder("superpose.process.rss.max", Pointer::maxPhysicalBytes).baseUnit("bytes")
                .description("Cap on the process's physical memory (org.bytedeco.javacpp.maxphysicalbytes)")
                .register(registry);
    }
}
