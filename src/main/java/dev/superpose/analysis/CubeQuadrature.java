package dev.superpose.analysis;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Exact integrals over the unit cube [0, 1]^k of functions that are a polynomial of degree at most
 * 2 on each side of one hyperplane {c + g·x = 0}, such as a squared error behind a ReLU.
 *
 * <p>Integrated over its last k−d−1 coordinates, such a function is piecewise polynomial in x_d of
 * degree at most 2 + (k−d−1), with knots only where the hyperplane passes through a vertex of the
 * remaining cube (the region cut off changes shape only there). Gauss–Legendre quadrature between
 * consecutive knots, applied coordinate by coordinate, is therefore exact up to rounding: 3 nodes
 * integrate degree 5 exactly, which covers k ≤ {@value #MAX_DIMENSIONS}.
 */
final class CubeQuadrature {
    static final int MAX_DIMENSIONS = 4;
    private static final double[] NODES = {-Math.sqrt(0.6), 0, Math.sqrt(0.6)};
    private static final double[] WEIGHTS = {5.0 / 9, 8.0 / 9, 5.0 / 9};

    private CubeQuadrature() {
    }

    /**
     * ∫_{[0,1]^k} f(x) dx, where f is a polynomial of degree ≤ 2 on each side of {c + g·x = 0}.
     * {@code f} receives a reused array: it must read it and not keep it.
     */
    static double integrate(int k, double c, double[] g, ToDoubleFunction<double[]> f) {
        if (k < 0 || k > MAX_DIMENSIONS || g.length != k) {
            throw new IllegalArgumentException("exact cube integrals need 0 to " + MAX_DIMENSIONS
                    + " dimensions and one hyperplane coefficient per dimension, got " + k + " dimensions and "
                    + g.length + " coefficients");
        }
        return level(0, k, c, g, new double[k], f);
    }

    /** ∫ over x_d, …, x_{k−1} with x_0 … x_{d−1} fixed in {@code x}. */
    private static double level(int d, int k, double c, double[] g, double[] x, ToDoubleFunction<double[]> f) {
        if (d == k) {
            return f.applyAsDouble(x);
        }
        double offset = c;
        for (int j = 0; j < d; j++) {
            offset += g[j] * x[j];
        }
        double total = 0;
        double low = 0;
        double[] knots = knots(d, k, offset, g);
        for (int p = 0; p <= knots.length; p++) {
            double high = p < knots.length ? knots[p] : 1;
            double half = (high - low) / 2;
            double mid = (high + low) / 2;
            for (int q = 0; q < NODES.length && half > 0; q++) {
                x[d] = mid + half * NODES[q];
                total += half * WEIGHTS[q] * level(d + 1, k, c, g, x, f);
            }
            low = high;
        }
        return total;
    }

    /** The x_d in (0, 1), ascending, where the hyperplane meets a vertex of the cube over x_{d+1} … x_{k−1}. */
    private static double[] knots(int d, int k, double offset, double[] g) {
        if (g[d] == 0) {
            return new double[0]; // the hyperplane does not move with x_d: the integral is one polynomial
        }
        int vertices = 1 << (k - d - 1);
        double[] knots = new double[vertices];
        int count = 0;
        for (int vertex = 0; vertex < vertices; vertex++) {
            double s = offset;
            for (int j = d + 1; j < k; j++) {
                if ((vertex >> (j - d - 1) & 1) == 1) {
                    s += g[j];
                }
            }
            double t = -s / g[d];
            if (t > 0 && t < 1) {
                knots[count++] = t;
            }
        }
        double[] inside = Arrays.copyOf(knots, count);
        Arrays.sort(inside);
        return inside;
    }
}
