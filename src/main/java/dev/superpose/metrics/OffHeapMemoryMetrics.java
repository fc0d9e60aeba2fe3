package dev.superpose.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.bytedeco.javacpp.Pointer;

/**
 * Off-heap memory as JavaCPP accounts it: the bytes of JavaCPP-managed pointers, and the physical
 * memory (resident set) of the whole process, each with its configured cap
 * ({@code org.bytedeco.javacpp.maxbytes} / {@code maxphysicalbytes}). ND4J's CPU buffers are not
 * JavaCPP-managed: the trainers report those ({@code superpose.nd4j.allocated}, per trainer).
 */
final class OffHeapMemoryMetrics implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("superpose.javacpp.allocated", Pointer::totalBytes).baseUnit("bytes")
                .description("Off-heap bytes of JavaCPP-managed pointers").register(registry);
        Gauge.builder("superpose.javacpp.allocated.max", Pointer::maxBytes).baseUnit("bytes")
                .description("Cap on JavaCPP-managed off-heap bytes (org.bytedeco.javacpp.maxbytes)")
                .register(registry);
        // JavaCPP's "physical bytes" is the resident set size of the process: heap, off-heap and code.
        Gauge.builder("superpose.process.rss", Pointer::physicalBytes).baseUnit("bytes")
                .description("Resident set size of the process (JavaCPP physicalBytes)").register(registry);
        Gauge.builder("superpose.process.rss.max", Pointer::maxPhysicalBytes).baseUnit("bytes")
                .description("Cap on the process's physical memory (org.bytedeco.javacpp.maxphysicalbytes)")
                .register(registry);
    }
}
