package dev.superpose.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one trainer, in the registry of the process it runs in (a worker's own, on a
 * worker node). Besides the sweep's {@code sweep} and {@code experiment} tags they carry
 * {@code node} (the cluster address {@code host:port} of the trainer's node, {@code local} for a
 * run without a cluster), {@code device} ({@code cpu}, or {@code gpu<N>}) and {@code trainer}
 * (its name, unique in the cluster). Thread-safe.
 */
public final class TrainerMeters {
    /** Who a trainer is, as its meters' tags say. */
    public record Id(String node, String device, String trainer) {
    }

    /** Where a trainer gets its meters once it knows the sweep of its first stack. */
    @FunctionalInterface
    public interface Source {
        TrainerMeters trainer(String sweep, String experiment, Id trainer);
    }

    private final Counter steps;
    private final Counter samples;
    private final Timer stepDuration;
    private final Timer checkpointDuration;
    private final DistributionSummary checkpointSize;
    private final StackLoss loss = new StackLoss();
    private final AtomicLong nativeBytes = new AtomicLong();

    /** Registers the meters; call once per trainer and registry (gauges keep the first instance). */
    TrainerMeters(MeterRegistry registry, Tags sweepTags, Id id) {
        Tags tags = sweepTags.and("node", id.node(), "device", id.device(), "trainer", id.trainer());
        steps = Counter.builder("superpose.train.steps").tags(tags)
                .description("Optimiser steps trained (one step trains every instance of a stack)")
                .register(registry);
        samples = Counter.builder("superpose.train.samples").tags(tags)
                .description("Samples trained on, summed over the instances of each stack").register(registry);
        stepDuration = Timer.builder("superpose.train.step.duration").tags(tags)
                .description("Duration of one optimiser step of a whole stack")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        checkpointDuration = Timer.builder("superpose.checkpoint.duration").tags(tags)
                .description("Time to encode one stack checkpoint and hand it to the checkpoint store").register(registry);
        checkpointSize = DistributionSummary.builder("superpose.checkpoint.size").tags(tags).baseUnit("bytes")
                .description("Bytes of each checkpoint shipped").register(registry);
        Gauge.builder("superpose.nd4j.allocated", nativeBytes, AtomicLong::get).tags(tags).baseUnit("bytes")
                .description("Native ND4J buffers held by the stack in training (ND4J's CPU backend does not"
                        + " count them itself)")
                .register(registry);
        Gauge.builder("superpose.train.loss.mean", loss, StackLoss::mean).tags(tags)
                .description("Mean over its instances of the current loss of the stack in training")
                .register(registry);
        Gauge.builder("superpose.train.loss.min", loss, StackLoss::min).tags(tags)
                .description("Lowest current loss among the instances of the stack in training")
                .register(registry);
        Gauge.builder("superpose.train.loss.max", loss, StackLoss::max).tags(tags)
                .description("Highest current loss among the instances of the stack in training")
                .register(registry);
    }

    /** {@code steps} optimiser steps over {@code samples} samples (all instances) were trained. */
    public void stepsTrained(long steps, long samples) {
        this.steps.increment(steps);
        this.samples.increment(samples);
    }

    /** One optimiser step of the whole stack took {@code nanos}. */
    public void stepDuration(long nanos) {
        stepDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The native (off-heap) bytes held by the buffers of the stack in training; 0 when idle. */
    public void nativeBuffers(long bytes) {
        nativeBytes.set(bytes);
    }

    /** The current loss of each instance of the stack in training. */
    public void stackLoss(double[] losses) {
        loss.set(losses);
    }

    /** A checkpoint of {@code bytes} was encoded and handed to the store in {@code nanos}. */
    public void checkpointShipped(long nanos, long bytes) {
        checkpointDuration.record(nanos, TimeUnit.NANOSECONDS);
        checkpointSize.record(bytes);
    }
}
