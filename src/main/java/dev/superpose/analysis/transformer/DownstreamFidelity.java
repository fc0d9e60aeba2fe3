package dev.superpose.analysis.transformer;

/**
 * How much of a model's output an SAE preserves when its reconstruction replaces the activation
 * at the hook: the analogue of "CE loss recovered" for an encoder without a language-model head.
 * With d(·) the mean cosine distance (1 − cos) of a run's outputs to the clean outputs, over the
 * same texts, {@code recovered = 1 − d(spliced) / d(ablated)}, where the ablated run sets the
 * activation at the hook to zero: 1 when the splice changes nothing, 0 when it does as much harm
 * as removing the activation, below 0 when it does more.
 *
 * @param splicedDistance mean cosine distance of the spliced outputs to the clean ones
 * @param ablatedDistance mean cosine distance of the zero-ablated outputs to the clean ones
 */
public record DownstreamFidelity(double splicedDistance, double ablatedDistance) {

    /** 1 − d(spliced) / d(ablated); NaN when ablation changes nothing (there is nothing to recover). */
    public double recovered() {
        return ablatedDistance > 0 ? 1 - splicedDistance / ablatedDistance : Double.NaN;
    }

    /**
     * @param clean   the unedited outputs, [rows, dim] row-major
     * @param spliced the outputs with the reconstruction spliced in
     * @param ablated the outputs with the activation zeroed
     */
    public static DownstreamFidelity of(float[] clean, float[] spliced, float[] ablated, int rows, int dim) {
        return new DownstreamFidelity(meanCosineDistance(clean, spliced, rows, dim),
                meanCosineDistance(clean, ablated, rows, dim));
    }

    /**
     * The mean over rows of 1 − cos(a_r, b_r); a zero row has cosine 0 to anything (distance 1),
     * as it carries no direction.
     */
    static double meanCosineDistance(float[] a, float[] b, int rows, int dim) {
        if (a.length != (long) rows * dim || b.length != a.length || rows < 1) {
            throw new IllegalArgumentException("expected two [" + rows + ", " + dim + "] arrays with rows >= 1, got "
                    + a.length + " and " + b.length + " values");
        }
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            double aa = 0;
            double bb = 0;
            for (int c = r * dim; c < (r + 1) * dim; c++) {
                dot += (double) a[c] * b[c];
                aa += (double) a[c] * a[c];
                bb += (double) b[c] * b[c];
            }
            double cos = aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
            sum += 1 - cos;
        }
        return sum / rows;
    }
}
