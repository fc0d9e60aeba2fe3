package dev.superpose.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CubeQuadratureTest {
    private static final double TOL = 1e-14;

    @Test
    void volumesOfCornerSimplicesAreOneOverKFactorial() {
        // {x : 1 − Σ x_j > 0} ∩ [0,1]^k is the corner simplex of volume 1/k!.
        double[] factorial = {1, 1, 2, 6, 24};
        for (int k = 1; k <= 4; k++) {
            double[] g = new double[k];
            java.util.Arrays.fill(g, -1);
            double volume = CubeQuadrature.integrate(k, 1, g, x -> {
                double s = 1;
                for (double v : x) {
                    s -= v;
                }
                return s > 0 ? 1 : 0;
            });
            assertEquals(1 / factorial[k], volume, TOL, "k = " + k);
        }
    }

    @Test
    void squaredReluOfADifferenceIntegratesExactly() {
        // ∫∫ max(u − v, 0)² du dv = E[(U − V)²] / 2 = (1/6) / 2.
        double integral = CubeQuadrature.integrate(2, 0, new double[]{1, -1},
                x -> Math.pow(Math.max(x[0] - x[1], 0), 2));
        assertEquals(1.0 / 12, integral, TOL);
    }

    @Test
    void anUncutQuadraticAndTheZeroDimensionalCubeAreExact() {
        assertEquals(1.0 / 3 + 1.0 / 4, CubeQuadrature.integrate(2, 5, new double[]{0, 0},
                x -> x[0] * x[0] + x[0] * x[1]), TOL);
        assertEquals(7.0, CubeQuadrature.integrate(0, 1, new double[0], x -> 7.0), TOL);
    }
}
