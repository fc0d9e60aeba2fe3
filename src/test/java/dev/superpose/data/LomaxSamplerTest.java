package dev.superpose.data;

import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** data.kind = lomax: sparse presence, ±Lomax(α, 1) values. */
class LomaxSamplerTest {
    private static final int FEATURES = 10;

    private static float[] draw(double shape, double p, long seed) {
        return Samples.draw(FeatureSampler.of(FEATURES, Samples.data(FEATURES, p, Magnitude.UNIFORM,
                new DataGenerator.Lomax(shape)), seed), 4, 2000);
    }

    /** Present values' magnitudes, sorted. */
    private static double[] magnitudes(float[] x) {
        return Arrays.stream(toDoubles(x)).filter(v -> v != 0).map(Math::abs).sorted().toArray();
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** Kolmogorov–Smirnov distance between the sorted sample and Lomax's CDF 1 − (1 + x)^−α. */
    private static double ksDistance(double[] sorted, double shape) {
        double d = 0;
        int n = sorted.length;
        for (int i = 0; i < n; i++) {
            double cdf = 1 - Math.pow(1 + sorted[i], -shape);
            d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
        }
        return d;
    }

    /** The asymptotic 99% critical value of the one-sample KS statistic, 1.628/√n. */
    private static double ksCritical99(int n) {
        return 1.628 / Math.sqrt(n);
    }

    @Test
    void magnitudesFollowLomaxCdfForLightAndHeavyTails() {
        for (double shape : new double[]{3, 0.7}) {
            double[] m = magnitudes(draw(shape, 1.0, 4));
            assertEquals(4 * 2000 * FEATURES, m.length, "p = 1: every value present (none exactly 0)");
            assertTrue(ksDistance(m, shape) < ksCritical99(m.length),
                    "KS distance " + ksDistance(m, shape) + " at shape " + shape);
        }
    }

    @Test
    void meanMagnitudeIsOneOverShapeMinusOne() {
        double shape = 3;
        double[] m = magnitudes(draw(shape, 1.0, 8));
        double mean = Arrays.stream(m).average().orElseThrow();
        // Var = α / ((α−1)²(α−2)) = 0.75 for α = 3
        double variance = shape / ((shape - 1) * (shape - 1) * (shape - 2));
        assertEquals(1 / (shape - 1), mean, 4 * Math.sqrt(variance / m.length));
    }

    @Test
    void signsAreBalancedAndPresenceKeepsItsProbability() {
        float[] x = draw(2, 0.3, 5);
        long positive = 0;
        long present = 0;
        for (float v : x) {
            positive += v > 0 ? 1 : 0;
            present += v != 0 ? 1 : 0;
        }
        Samples.assertBinomial(0.5, positive, present, "positive among present values");
        for (int f = 0; f < FEATURES; f++) {
            Samples.assertBinomial(0.3, Samples.presentCount(x, FEATURES, f), x.length / FEATURES, "feature " + f);
        }
    }

    @Test
    void signIsIndependentOfMagnitude() {
        // the mean magnitude of positive and of negative values agree (α = 3: finite variance)
        float[] x = draw(3, 1.0, 6);
        double[] sum = new double[2];
        long[] count = new long[2];
        for (float v : x) {
            int side = v > 0 ? 1 : 0;
            sum[side] += Math.abs(v);
            count[side]++;
        }
        double sd = Math.sqrt(0.75 / count[0] + 0.75 / count[1]);
        assertEquals(sum[0] / count[0], sum[1] / count[1], 4 * sd);
    }

    @Test
    void rejectsANonPositiveShape() {
        assertThrows(IllegalArgumentException.class, () -> FeatureSampler.of(FEATURES,
                Samples.data(FEATURES, 0.1, Magnitude.UNIFORM, new DataGenerator.Lomax(0)), 1));
    }
}
