package dev.superpose.data;

import java.nio.FloatBuffer;
import java.util.List;

/** Draws a whole stack's batch, instance-major [instances, batch, features], one sampler per instance. */
public final class StackSampler {
    private final List<FeatureSampler> samplers;
    private final int batch;
    private final float[] staging;

    public StackSampler(List<FeatureSampler> samplers, int batch) {
        if (samplers.isEmpty() || samplers.stream().anyMatch(s -> s.features() != samplers.get(0).features())) {
            throw new IllegalArgumentException("a stack needs at least one sampler, all with the same feature count");
        }
        this.samplers = List.copyOf(samplers);
        this.batch = batch;
        this.staging = new float[batch * features()];
    }

    public int instances() {
        return samplers.size();
    }

    public int batch() {
        return batch;
    }

    public int features() {
        return samplers.get(0).features();
    }

    /** Whether every instance's batch is the same at every step (fixed training sets): draw it once. */
    public boolean fixed() {
        return samplers.stream().allMatch(FeatureSampler::fixedBatch);
    }

    /**
     * Writes step {@code step}'s batch of every instance into {@code target} (absolute index 0
     * on). Instances are drawn into a heap block and copied in bulk: per-element buffer writes
     * measured several times slower. Not thread-safe.
     */
    public void fill(long step, FloatBuffer target) {
        int block = batch * features();
        for (int i = 0; i < samplers.size(); i++) {
            samplers.get(i).fill(step, batch, staging, 0);
            target.put(i * block, staging, 0, block);
        }
    }
}
