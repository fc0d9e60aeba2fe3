package dev.superpose.data.source;

/**
 * A block of activation vectors: {@code rows} samples of {@code dim} values each, row-major
 * ({@code values[r * dim + c]}). What an SAE reads and reconstructs.
 */
public record Activations(int rows, int dim, float[] values) {
    public Activations {
        if (rows < 0 || dim < 1) {
            throw new IllegalArgumentException("activations need rows >= 0 and dim >= 1, got " + rows + "x" + dim);
        }
        if ((long) rows * dim != values.length) {
            throw new IllegalArgumentException("activations " + rows + "x" + dim + " need " + (long) rows * dim
                    + " values, got " + values.length);
        }
    }

    public float get(int row, int column) {
        return values[row * dim + column];
    }

    /** The rows at {@code indices}, in that order (a row may repeat). */
    public Activations select(int[] indices) {
        float[] selected = new float[indices.length * dim];
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= rows) {
                throw new IndexOutOfBoundsException("row " + indices[k] + " of " + rows + " activation rows");
            }
            System.arraycopy(values, indices[k] * dim, selected, k * dim, dim);
        }
        return new Activations(indices.length, dim, selected);
    }

    /** The first {@code count} rows. */
    public Activations head(int count) {
        if (count < 0 || count > rows) {
            throw new IllegalArgumentException("cannot take " + count + " of " + rows + " activation rows");
        }
        float[] head = new float[count * dim];
        System.arraycopy(values, 0, head, 0, head.length);
        return new Activations(count, dim, head);
    }

    /**
     * Every row scaled to unit L2 norm; all-zero rows stay zero (they have no direction).
     *
     * <p>The per-sample standardisation of the word-vector literature, and the one to use for
     * GloVe: its vectors are compared by cosine, and sparse-coding work on them (e.g. Arora et al.
     * 2018, "Linear algebraic structure of word senses") normalises each vector, so a word's
     * frequency-driven length does not decide how much of the loss it carries. Rows are not
     * centred: that would move every row by a corpus-wide vector, which an SAE's decoder bias
     * already absorbs.
     */
    public Activations withUnitNormRows() {
        return mapRows(false);
    }

    /**
     * Every row centred and scaled to unit variance over its dimensions (a layer norm without
     * learned parameters); constant rows become zero.
     */
    public Activations withZScoreRows() {
        return mapRows(true);
    }

    /** Each row scaled to unit norm, or with {@code centre} centred and scaled to unit variance. */
    private Activations mapRows(boolean centre) {
        float[] mapped = new float[values.length];
        for (int r = 0; r < rows; r++) {
            int start = r * dim;
            double mean = 0;
            if (centre) {
                for (int c = start; c < start + dim; c++) {
                    mean += values[c];
                }
                mean /= dim;
            }
            double sum = 0;
            for (int c = start; c < start + dim; c++) {
                double d = values[c] - mean;
                sum += d * d;
            }
            double scale = sum > 0 ? 1 / Math.sqrt(centre ? sum / dim : sum) : 0;
            for (int c = start; c < start + dim; c++) {
                mapped[c] = (float) ((values[c] - mean) * scale);
            }
        }
        return new Activations(rows, dim, mapped);
    }

    /** The mean of each column over the rows (NaN without rows). */
    public double[] columnMeans() {
        double[] mean = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dim; c++) {
                mean[c] += values[r * dim + c];
            }
        }
        for (int c = 0; c < dim; c++) {
            mean[c] /= rows;
        }
        return mean;
    }

    /** The population standard deviation of each column over the rows (NaN without rows). */
    public double[] columnStds() {
        double[] mean = columnMeans();
        double[] variance = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dim; c++) {
                double d = values[r * dim + c] - mean[c];
                variance[c] += d * d;
            }
        }
        for (int c = 0; c < dim; c++) {
            variance[c] = Math.sqrt(variance[c] / rows);
        }
        return variance;
    }
}
