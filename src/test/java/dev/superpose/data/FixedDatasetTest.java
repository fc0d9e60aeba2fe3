package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.FeatureSets;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.unit-norm and data.dataset-size: normalised samples and fixed training sets. */
class FixedDatasetTest {
    private static final int FEATURES = 50;

    private static DataConfig data(double p, DataGenerator kind, boolean unitNorm, int datasetSize) {
        return new DataConfig(p, Collections.nCopies(FEATURES, 1.0), Magnitude.UNIFORM, FeatureSets.NONE, unitNorm,
                datasetSize, kind);
    }

    private static float[] batch(FeatureSampler sampler, long step, int batch) {
        float[] x = new float[batch * FEATURES];
        sampler.fill(step, batch, x, 0);
        return x;
    }

    private static double norm(float[] x, int row) {
        double squares = 0;
        for (int f = 0; f < FEATURES; f++) {
            squares += (double) x[row * FEATURES + f] * x[row * FEATURES + f];
        }
        return Math.sqrt(squares);
    }

    /** p = 0.01 over 50 features: about 60% of samples are empty; the others are scaled copies. */
    @Test
    void unitNormScalesEachSampleAndKeepsEmptyOnesEmpty() {
        int batch = 2000;
        float[] raw = batch(FeatureSampler.of(FEATURES, data(0.01, new DataGenerator.Sparse(), false, 0), 3), 7, batch);
        float[] unit = batch(FeatureSampler.of(FEATURES, data(0.01, new DataGenerator.Sparse(), true, 0), 3), 7, batch);
        long empty = 0;
        for (int row = 0; row < batch; row++) {
            double rawNorm = norm(raw, row);
            if (rawNorm == 0) {
                empty++;
                assertEquals(0, norm(unit, row), "an empty sample stays empty");
                continue;
            }
            assertEquals(1, norm(unit, row), 1e-6, "norm of sample " + row);
            for (int f = 0; f < FEATURES; f++) {
                assertEquals(raw[row * FEATURES + f] / rawNorm, unit[row * FEATURES + f], 1e-6, "direction of sample " + row);
            }
        }
        Samples.assertBinomial(Math.pow(0.99, FEATURES), empty, batch, "empty samples");
    }

    @Test
    void aFixedSetIsEveryStepsBatchAndDiffersFromFreshSamples() {
        for (DataGenerator kind : List.of(new DataGenerator.Sparse(), new DataGenerator.Clustered(3, 0.5, 2, 0.2),
                new DataGenerator.Sharkey(0.95, 3))) {
            // not normalised: a unit-norm sample with one present feature is one-hot, and those do repeat
            DataConfig fixed = data(0.1, kind, false, 40);
            FeatureSampler sampler = FeatureSampler.of(FEATURES, fixed, 11);
            assertTrue(sampler.fixedBatch());
            float[] first = batch(sampler, 0, 40);
            assertArrayEquals(first, batch(sampler, 1, 40), kind + ": step 1");
            assertArrayEquals(first, batch(sampler, 12345, 40), kind + ": step 12345");
            assertArrayEquals(first, FeatureSampler.trainingSet(FEATURES, fixed, 11), kind + ": the analysis copy");

            FeatureSampler fresh = FeatureSampler.fresh(FEATURES, fixed, 11);
            assertFalse(fresh.fixedBatch());
            Set<List<Float>> training = rows(first, 40);
            for (long step = 0; step < 5; step++) {
                float[] test = batch(fresh, step, 40);
                for (int row = 0; row < 40; row++) {
                    List<Float> sample = row(test, row);
                    assertTrue(!training.contains(sample) || sample.stream().allMatch(v -> v == 0),
                            kind + ": fresh step " + step + " repeats a training sample");
                }
            }
            assertFalse(Arrays.equals(first, FeatureSampler.trainingSet(FEATURES, fixed, 12)), kind + ": another seed");
        }
    }

    @Test
    void aFixedSetHasTheGeneratorsStatisticsAndUnitNorm() {
        int size = 3000;
        float[] points = FeatureSampler.trainingSet(FEATURES, data(0.1, new DataGenerator.Sparse(), true, size), 5);
        long present = 0;
        for (int row = 0; row < size; row++) {
            double n = norm(points, row);
            assertTrue(n == 0 || Math.abs(n - 1) < 1e-6, "norm " + n + " of training point " + row);
        }
        for (float v : points) {
            present += v != 0 ? 1 : 0;
        }
        Samples.assertBinomial(0.1, present, (long) size * FEATURES, "presence in the training set");
    }

    @Test
    void aStackOfFixedSetsIsFixedAndEachInstanceDrawsItsOwnAloneOrStacked() {
        List<FeatureSampler> stack = List.of(
                FeatureSampler.of(FEATURES, data(0.1, new DataGenerator.Sparse(), true, 8), 1),
                FeatureSampler.of(FEATURES, data(0.3, new DataGenerator.Sparse(), false, 8), 2));
        StackSampler sampler = new StackSampler(stack, 8);
        assertTrue(sampler.fixed());
        FloatBuffer all = FloatBuffer.allocate(2 * 8 * FEATURES);
        sampler.fill(3, all);
        float[] second = Arrays.copyOfRange(all.array(), 8 * FEATURES, 16 * FEATURES);
        assertArrayEquals(FeatureSampler.trainingSet(FEATURES, data(0.3, new DataGenerator.Sparse(), false, 8), 2), second);
        assertFalse(new StackSampler(List.of(stack.get(0),
                FeatureSampler.of(FEATURES, data(0.1, new DataGenerator.Sparse(), true, 0), 1)), 8).fixed());
    }

    @Test
    void rejectsABatchOtherThanTheSetAndAskingAFreshTrialForItsSet() {
        FeatureSampler sampler = FeatureSampler.of(FEATURES, data(0.1, new DataGenerator.Sparse(), false, 30), 1);
        IllegalArgumentException wrongBatch = assertThrows(IllegalArgumentException.class, () -> batch(sampler, 0, 31));
        assertEquals("a fixed training set of 30 samples is every step's whole batch, asked for a batch of 31",
                wrongBatch.getMessage());
        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
                () -> FeatureSampler.trainingSet(FEATURES, data(0.1, new DataGenerator.Sparse(), false, 0), 1));
        assertTrue(fresh.getMessage().contains("has no fixed training set"), fresh.getMessage());
    }

    private static Set<List<Float>> rows(float[] x, int rows) {
        Set<List<Float>> set = new HashSet<>();
        for (int row = 0; row < rows; row++) {
            set.add(row(x, row));
        }
        return set;
    }

    private static List<Float> row(float[] x, int row) {
        Float[] values = new Float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            values[f] = x[row * FEATURES + f];
        }
        return List.of(values);
    }
}
