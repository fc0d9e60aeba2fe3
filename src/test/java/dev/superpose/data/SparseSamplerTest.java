package dev.superpose.data;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.kind = sparse: presence, pairs and magnitudes against their target statistics. */
class SparseSamplerTest {
    private static final int BATCH = 4000;

    private static DataConfig data(double p, Magnitude magnitude, int correlated, int anticorrelated) {
        return new DataConfig(p, Collections.nCopies(10, 1.0), magnitude, correlated, anticorrelated,
                new DataGenerator.Sparse());
    }

    private static float[] draw(FeatureSampler sampler, long step) {
        float[] x = new float[BATCH * sampler.features()];
        sampler.fill(step, BATCH, x, 0);
        return x;
    }

    @Test
    void presenceFrequencyMatchesProbability() {
        for (double p : new double[]{0.02, 0.3, 1.0}) {
            FeatureSampler sampler = FeatureSampler.of(10, data(p, Magnitude.UNIFORM, 0, 0), 11);
            float[] x = draw(sampler, 3);
            for (int f = 0; f < 10; f++) {
                long present = 0;
                for (int b = 0; b < BATCH; b++) {
                    present += x[b * 10 + f] != 0 ? 1 : 0;
                }
                Samples.assertBinomial(p, present, BATCH, "feature " + f + " at p=" + p);
            }
        }
    }

    @Test
    void correlatedPairsArePresentTogether() {
        FeatureSampler sampler = FeatureSampler.of(10, data(0.2, Magnitude.UNIFORM, 2, 0), 5);
        float[] x = draw(sampler, 0);
        long firstPresent = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int pair = 0; pair < 2; pair++) {
                int f = b * 10 + 2 * pair;
                assertEquals(x[f] != 0, x[f + 1] != 0, "pair " + pair + " of sample " + b);
            }
            firstPresent += x[b * 10] != 0 ? 1 : 0;
        }
        Samples.assertBinomial(0.2, firstPresent, BATCH, "marginal of a correlated feature");
    }

    @Test
    void anticorrelatedPairsAreNeverBothPresentAndKeepTheirMarginal() {
        FeatureSampler sampler = FeatureSampler.of(10, data(0.3, Magnitude.UNIFORM, 1, 2), 5);
        float[] x = draw(sampler, 0);
        long[] present = new long[4];
        for (int b = 0; b < BATCH; b++) {
            for (int pair = 0; pair < 2; pair++) {
                int f = b * 10 + 2 + 2 * pair;
                assertFalse(x[f] != 0 && x[f + 1] != 0, "pair " + pair + " of sample " + b + " both present");
                present[2 * pair] += x[f] != 0 ? 1 : 0;
                present[2 * pair + 1] += x[f + 1] != 0 ? 1 : 0;
            }
        }
        for (int k = 0; k < 4; k++) {
            Samples.assertBinomial(0.3, present[k], BATCH, "marginal of anticorrelated feature " + (2 + k));
        }
    }

    @Test
    void normalMagnitudeIsCentredAndClippedAtBothEnds() {
        // p = 1: every value is a magnitude, including those clipped to exactly 0
        FeatureSampler sampler = FeatureSampler.of(10, data(1.0, Magnitude.NORMAL, 0, 0), 9);
        float[] x = draw(sampler, 0);
        double mean = 0;
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1, "magnitude " + v + " outside [0, 1]");
            mean += v / (double) x.length;
        }
        // clip(0.5 + 0.2·z) is symmetric around 0.5 with sd below 0.2
        assertEquals(0.5, mean, 4 * 0.2 / Math.sqrt(x.length));
        long atZero = 0;
        long atOne = 0;
        for (float v : x) {
            atZero += v == 0f ? 1 : 0;
            atOne += v == 1f ? 1 : 0;
        }
        // P(z < −2.5) = P(z > 2.5) = 0.00621
        Samples.assertBinomial(0.00621, atZero, x.length, "clipped at 0");
        Samples.assertBinomial(0.00621, atOne, x.length, "clipped at 1");
    }

    @Test
    void uniformMagnitudeHasMeanHalfAndVarianceTwelfth() {
        List<Double> values = new ArrayList<>();
        for (float v : draw(FeatureSampler.of(10, data(1.0, Magnitude.UNIFORM, 0, 0), 9), 0)) {
            values.add((double) v);
        }
        double n = values.size();
        double mean = values.stream().mapToDouble(v -> v).average().orElseThrow();
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        assertEquals(0.5, mean, 4 * Math.sqrt(1.0 / 12 / n));
        // Var of the sample variance of U[0,1]: (μ4 − σ⁴)/n with μ4 = 1/80, σ⁴ = 1/144.
        assertEquals(1.0 / 12, variance, 4 * Math.sqrt((1.0 / 80 - 1.0 / 144) / n));
        assertTrue(values.stream().allMatch(v -> v >= 0 && v < 1));
    }

    @Test
    void signedUniformMagnitudeIsUniformOnMinusOneToOne() {
        float[] x = draw(FeatureSampler.of(10, data(1.0, Magnitude.SIGNED_UNIFORM, 0, 0), 9), 0);
        double n = x.length;
        double mean = 0;
        double square = 0;
        long negative = 0;
        for (float v : x) {
            assertTrue(v >= -1 && v < 1, "magnitude " + v + " outside [-1, 1)");
            mean += v / n;
            square += v * (double) v / n;
            negative += v < 0 ? 1 : 0;
        }
        // U[-1, 1]: mean 0, E[x²] = 1/3, Var(x²) = E[x⁴] − 1/9 = 1/5 − 1/9
        assertEquals(0, mean, 4 * Math.sqrt(1.0 / 3 / n));
        assertEquals(1.0 / 3, square, 4 * Math.sqrt((1.0 / 5 - 1.0 / 9) / n));
        Samples.assertBinomial(0.5, negative, x.length, "negative values");
    }

    @Test
    void sameSeedAndStepGiveTheSameBatchAndOtherStepsDiffer() {
        FeatureSampler a = FeatureSampler.of(10, data(0.3, Magnitude.NORMAL, 1, 1), 42);
        FeatureSampler b = FeatureSampler.of(10, data(0.3, Magnitude.NORMAL, 1, 1), 42);
        assertArrayEquals(draw(a, 17), draw(b, 17));
        assertFalse(java.util.Arrays.equals(draw(a, 17), draw(a, 18)));
        assertFalse(java.util.Arrays.equals(draw(a, 17), draw(FeatureSampler.of(10, data(0.3, Magnitude.NORMAL, 1, 1), 43), 17)));
    }

    @Test
    void instanceDataIsTheSameAloneOrInAStackOfNine() {
        FeatureSampler target = FeatureSampler.of(10, data(0.1, Magnitude.UNIFORM, 1, 0), 7);
        List<FeatureSampler> stack = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            stack.add(i == 4 ? target : FeatureSampler.of(10, data(0.05 * (i + 1), Magnitude.UNIFORM, 1, 0), 100 + i));
        }
        int batch = 64;
        FloatBuffer all = FloatBuffer.allocate(9 * batch * 10);
        new StackSampler(stack, batch).fill(5, all);
        FloatBuffer alone = FloatBuffer.allocate(batch * 10);
        new StackSampler(List.of(target), batch).fill(5, alone);
        float[] slice = java.util.Arrays.copyOfRange(all.array(), 4 * batch * 10, 5 * batch * 10);
        assertArrayEquals(alone.array(), slice);
    }

    @Test
    void rejectsPairsThatDoNotFitOrAnticorrelationAboveHalf() {
        assertThrows(IllegalArgumentException.class, () -> FeatureSampler.of(4, data(0.1, Magnitude.UNIFORM, 2, 1), 1));
        assertThrows(IllegalArgumentException.class, () -> FeatureSampler.of(10, data(0.6, Magnitude.UNIFORM, 0, 1), 1));
    }
}
