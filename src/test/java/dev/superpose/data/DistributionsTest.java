package dev.superpose.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Gamma and Beta draws of {@link CounterStream} and {@link NormalQuantile} against known values. */
class DistributionsTest {
    private static final int N = 40000;

    @Test
    void gammaDrawsHaveMeanAndVarianceEqualToTheShape() {
        for (double shape : new double[]{0.3, 1, 2.5}) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < N; i++) {
                double g = Math.exp(new CounterStream(CounterRandom.rowKey(7, 1, 0, i)).logGamma(shape));
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / N;
            double variance = sumSq / N - mean * mean;
            // Var(mean) = k/N; Var(sample variance) ≈ (μ4 − σ⁴)/N, μ4 = 3k² + 6k for Gamma(k)
            assertEquals(shape, mean, 4 * Math.sqrt(shape / N), "mean at shape " + shape);
            double mu4 = 3 * shape * shape + 6 * shape;
            assertEquals(shape, variance, 4 * Math.sqrt((mu4 - shape * shape) / N), "variance at shape " + shape);
        }
    }

    @Test
    void betaDrawsHaveTheirMean() {
        double a = 0.5;
        double b = 5;
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += new CounterStream(CounterRandom.rowKey(9, 2, 0, i)).beta(a, b);
        }
        double variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        assertEquals(a / (a + b), sum / N, 4 * Math.sqrt(variance / N));
    }

    @Test
    void normalQuantileMatchesTabulatedValues() {
        assertEquals(0, NormalQuantile.of(0.5), 1e-12);
        assertEquals(1.959963984540054, NormalQuantile.of(0.975), 1e-8);
        assertEquals(-1.959963984540054, NormalQuantile.of(0.025), 1e-8);
        assertEquals(-3.090232306167813, NormalQuantile.of(0.001), 1e-8);
        assertEquals(1.281551565544601, NormalQuantile.of(0.9), 1e-8);
        assertEquals(-4.753424308822899, NormalQuantile.of(1e-6), 1e-7);
        assertEquals(Double.NEGATIVE_INFINITY, NormalQuantile.of(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalQuantile.of(1));
    }
}
