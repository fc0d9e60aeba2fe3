package dev.superpose.data.source;

import java.util.Arrays;

/**
 * out = x·M for row-major x [rows, inner] and M [inner, cols], accumulated as
 * out_r = Σ_k x_rk M_k: a sum of contiguous rows of M (a loop the JIT vectorises) that skips
 * zeros of x. Sparse codes (a few of hundreds of features) and ReLU outputs (about half zero)
 * then cost only their non-zero entries. Dense inputs stream all of M once per row, which is
 * memory-bound (~3 GFLOP/s here): fine for drawing data, not a general matrix product.
 */
final class SparseProduct {
    private SparseProduct() {
    }

    static void multiply(float[] x, int rows, int inner, float[] m, int cols, float[] out, int outOffset) {
        for (int r = 0; r < rows; r++) {
            int outStart = outOffset + r * cols;
            Arrays.fill(out, outStart, outStart + cols, 0f);
            for (int k = 0; k < inner; k++) {
                float xk = x[r * inner + k];
                if (xk != 0) {
                    int mStart = k * cols;
                    for (int c = 0; c < cols; c++) {
                        out[outStart + c] += xk * m[mStart + c];
                    }
                }
            }
        }
    }
}
