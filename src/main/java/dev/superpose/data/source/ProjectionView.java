package dev.superpose.data.source;

import dev.superpose.config.SourceKind;

import java.util.Optional;

/**
 * A projection source's data seen as the study's Figure 4 ({@code experiments/2d.py}) shows it:
 * the inputs x (the "sparse" basis), their image h = W x (the "dense" basis) and, for an ffn over
 * it, the MLP's outputs y = ffn(h) and those mapped back into the sparse basis, W⁺ y, with W⁺ the
 * Moore–Penrose pseudo-inverse ({@code torch.pinverse}). Every generated sample, as 2d.py plots
 * them all; the same rows the SAEs split into training and test.
 *
 * @param inputs        x [samples, features]
 * @param dense         h = W x [samples, dim]
 * @param outputs       ffn(h) [samples, dim], for source.kind = ffn
 * @param sparseOutputs W⁺ ffn(h) [samples, features], for source.kind = ffn
 */
public record ProjectionView(Activations inputs, Activations dense, Optional<Activations> outputs,
                             Optional<Activations> sparseOutputs) {

    /** The view of {@code key}'s data: empty unless it is a projection source, alone or under ffn. */
    public static Optional<ProjectionView> of(SaeDataKey key) {
        var source = key.source();
        boolean ffn = source.kind() == SourceKind.FFN;
        if (source.producer() != SourceKind.PROJECTION || !(ffn || source.kind() == SourceKind.PROJECTION)) {
            return Optional.empty();
        }
        int features = key.model().features();
        TmsSource projection = ProjectionSource.of(source.dim(), features, key.data(), source.seed());
        Activations x = projection.inputs(0, source.samples());
        Activations h = projection.hidden(x);
        if (!ffn) {
            return Optional.of(new ProjectionView(x, h, Optional.empty(), Optional.empty()));
        }
        Activations y = SaeDataLoader.mlp(source, h).apply(h);
        float[] pinv = pseudoInverse(ProjectionSource.weight(source.dim(), features, source.seed()), source.dim(),
                features);
        return Optional.of(new ProjectionView(x, h, Optional.of(y), Optional.of(times(y, pinv, features))));
    }

    /**
     * W⁺ = Wᵀ (W Wᵀ)⁻¹ of a full-row-rank W [dim, features] with dim ≤ features, as its transpose
     * [dim, features] (so that x = y W⁺ᵀ reads it row-major); solved by Gauss–Jordan elimination.
     *
     * @throws IllegalArgumentException when W Wᵀ is singular (W has dependent rows)
     */
    static float[] pseudoInverse(float[] w, int dim, int features) {
        // [W Wᵀ | W], reduced to [I | (W Wᵀ)⁻¹ W] = [I | W⁺ᵀ]
        double[][] a = new double[dim][dim + features];
        for (int r = 0; r < dim; r++) {
            for (int c = 0; c < dim; c++) {
                double sum = 0;
                for (int f = 0; f < features; f++) {
                    sum += (double) w[r * features + f] * w[c * features + f];
                }
                a[r][c] = sum;
            }
            for (int f = 0; f < features; f++) {
                a[r][dim + f] = w[r * features + f];
            }
        }
        for (int p = 0; p < dim; p++) {
            int pivot = p;
            for (int r = p + 1; r < dim; r++) {
                pivot = Math.abs(a[r][p]) > Math.abs(a[pivot][p]) ? r : pivot;
            }
            if (!(Math.abs(a[pivot][p]) > 1e-12)) {
                throw new IllegalArgumentException("W has dependent rows: no pseudo-inverse of the form Wᵀ(WWᵀ)⁻¹");
            }
            double[] swap = a[p];
            a[p] = a[pivot];
            a[pivot] = swap;
            double scale = a[p][p];
            for (int c = 0; c < dim + features; c++) {
                a[p][c] /= scale;
            }
            for (int r = 0; r < dim; r++) {
                double factor = a[r][p];
                if (r != p && factor != 0) {
                    for (int c = 0; c < dim + features; c++) {
                        a[r][c] -= factor * a[p][c];
                    }
                }
            }
        }
        float[] transposed = new float[dim * features];
        for (int r = 0; r < dim; r++) {
            for (int f = 0; f < features; f++) {
                transposed[r * features + f] = (float) a[r][dim + f];
            }
        }
        return transposed;
    }

    /** Rows y [n, dim] times m [dim, cols]. */
    private static Activations times(Activations y, float[] m, int cols) {
        float[] out = new float[Math.multiplyExact(y.rows(), cols)];
        SparseProduct.multiply(y.values(), y.rows(), y.dim(), m, cols, out, 0);
        return new Activations(y.rows(), cols, out);
    }
}
