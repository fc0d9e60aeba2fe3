package dev.superpose.data.source;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FfnSourceTest {
    private static final int DIM = 8;

    private static SharkeySource input() {
        return new SharkeySource(DIM, 16, 0.9, 2, 11);
    }

    @Test
    void isTheFixedReluMlpOfItsInput() {
        FfnSource ffn = new FfnSource(input(), 3);
        assertEquals(DIM, ffn.dim());
        assertTrue(ffn.groundTruth().isEmpty());
        int rows = 30;
        Activations x = input().draw(2, rows);
        Activations y = ffn.draw(2, rows);
        assertEquals(rows, y.rows());
        int width = FfnSource.WIDTH_FACTOR * DIM;
        float[] w1t = RandomMatrix.gaussian(3, FfnSource.FIRST_LAYER_DOMAIN, DIM, width, Math.sqrt(2.0 / DIM));
        float[] w2t = RandomMatrix.gaussian(3, FfnSource.SECOND_LAYER_DOMAIN, width, DIM, Math.sqrt(1.0 / width));
        for (int r = 0; r < rows; r++) {
            double[] hidden = new double[width];
            for (int k = 0; k < width; k++) {
                for (int c = 0; c < DIM; c++) {
                    hidden[k] += x.get(r, c) * w1t[c * width + k];
                }
                hidden[k] = Math.max(0, hidden[k]);
            }
            for (int c = 0; c < DIM; c++) {
                double expected = 0;
                for (int k = 0; k < width; k++) {
                    expected += hidden[k] * w2t[k * DIM + c];
                }
                assertEquals(expected, y.get(r, c), 1e-5, "row " + r + ", output " + c);
            }
        }
        assertArrayEquals(y.values(), ffn.apply(x).values(), 0f, "apply is the same map");
    }

    @Test
    void keepsTheInputsScaleOnAverage() {
        int dim = 64;
        GaussianSource gaussian = new GaussianSource(new double[dim], filled(dim, 1), 1);
        Activations x = gaussian.draw(0, 2000);
        double ratio = 0;
        int seeds = 5;
        for (long seed = 0; seed < seeds; seed++) {
            Activations y = new FfnSource(gaussian, seed).apply(x);
            ratio += squaredSum(y.values()) / squaredSum(x.values()) / seeds;
        }
        // E‖y‖² = ‖x‖² over the weight draw; 5 draws of 256 hidden units average out to within ~10%
        assertEquals(1, ratio, 0.25);
    }

    @Test
    void seededAndDeterministic() {
        float[] a = new FfnSource(input(), 1).draw(0, 20).values();
        assertArrayEquals(a, new FfnSource(input(), 1).draw(0, 20).values());
        assertFalse(Arrays.equals(a, new FfnSource(input(), 2).draw(0, 20).values()));
    }

    @Test
    void heldOutRowsAreTheInputsHeldOutRowsTransformed() {
        Activations all = input().draw(0, 100);
        DatasetSource dataset = new DatasetSource(Split.byFraction(all, 0.2, 1), 1);
        FfnSource ffn = new FfnSource(dataset, 4);
        assertArrayEquals(ffn.apply(dataset.heldOut(20)).values(), ffn.heldOut(20).values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ffn.apply(new Activations(1, 3, new float[3])));
        assertEquals("ffn source of dimension 8 cannot transform rows of 3", e.getMessage());
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    private static double squaredSum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum;
    }
}
