package dev.superpose.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NelderMeadTest {
    @Test
    void findsTheMinimumOfAnAnisotropicQuadratic() {
        NelderMead.Minimum m = new NelderMead(x -> Math.pow(x[0] - 1, 2) + 10 * Math.pow(x[1] + 2, 2)
                + Math.abs(x[2]), 0.1, 1e-12, 5000).minimize(new double[]{0, 0, 0.3});
        assertArrayEquals(new double[]{1, -2, 0}, m.point(), 1e-5);
        assertEquals(0, m.value(), 1e-9);
    }

    @Test
    void followsRosenbrocksValley() {
        NelderMead.Minimum m = new NelderMead(x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                0.1, 1e-12, 5000).minimize(new double[]{-1.2, 1});
        assertArrayEquals(new double[]{1, 1}, m.point(), 1e-4);
    }
}
