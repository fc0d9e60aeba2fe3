package dev.superpose.data;

import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every kind draws an instance's data from its own config and seed only: the same alone or in a
 * stack mixing all kinds (samplers are per instance, so kinds may share a stack), the same from
 * a fresh sampler (resume), and different for another seed.
 */
class GeneratorInvarianceTest {
    private static final int FEATURES = 8;
    private static final int BATCH = 64;
    private static final List<DataGenerator> KINDS = List.of(new DataGenerator.Sparse(), new DataGenerator.Lomax(1.5),
            new DataGenerator.Clustered(3, 0.5, 2, 0.2), new DataGenerator.Sharkey(0.9, 3));

    private static FeatureSampler sampler(DataGenerator kind, Magnitude magnitude, long seed) {
        return FeatureSampler.of(FEATURES, Samples.data(FEATURES, 0.3, magnitude, kind), seed);
    }

    private static float[] alone(FeatureSampler sampler, long step) {
        FloatBuffer out = FloatBuffer.allocate(BATCH * FEATURES);
        new StackSampler(List.of(sampler), BATCH).fill(step, out);
        return out.array();
    }

    @Test
    void eachKindDrawsTheSameAloneOrInAMixedStack() {
        List<FeatureSampler> stack = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stack.add(sampler(KINDS.get(i % KINDS.size()), i % 3 == 0 ? Magnitude.NORMAL : Magnitude.UNIFORM, 100 + i));
        }
        FloatBuffer all = FloatBuffer.allocate(stack.size() * BATCH * FEATURES);
        new StackSampler(stack, BATCH).fill(9, all);
        for (int i = 0; i < stack.size(); i++) {
            float[] slice = Arrays.copyOfRange(all.array(), i * BATCH * FEATURES, (i + 1) * BATCH * FEATURES);
            FeatureSampler fresh = sampler(KINDS.get(i % KINDS.size()), i % 3 == 0 ? Magnitude.NORMAL : Magnitude.UNIFORM,
                    100 + i);
            assertArrayEquals(alone(fresh, 9), slice, "instance " + i + " (" + KINDS.get(i % KINDS.size()) + ")");
        }
    }

    @Test
    void eachKindDependsOnSeedAndStep() {
        for (DataGenerator kind : KINDS) {
            float[] batch = alone(sampler(kind, Magnitude.UNIFORM, 5), 3);
            assertFalse(Arrays.equals(batch, alone(sampler(kind, Magnitude.UNIFORM, 6), 3)), kind + ": other seed");
            assertFalse(Arrays.equals(batch, alone(sampler(kind, Magnitude.UNIFORM, 5), 4)), kind + ": other step");
        }
    }
}
