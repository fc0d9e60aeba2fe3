package dev.superpose.model.sae;

import dev.superpose.data.CounterRandom;

/** How an SAE's parameters start, drawn from its seed alone (b_dec as the stack's data decides it). */
public enum Initialisation implements ConfigSpelling {
    /**
     * Decoder rows uniform on the unit sphere; encoder rows equal to them or drawn the same way
     * independently; b_enc = 0 ({@link SaeWeights#initial}).
     */
    UNIT_ROWS,
    /**
     * The random-transformer SAE study's standard.py: the decoder as {@code nn.init.orthogonal_}
     * makes it (the Q factor of a Gaussian matrix's QR decomposition, its columns' signs those of
     * R's diagonal), scaled to unit rows as its first forward pass does; the encoder and b_enc as
     * {@code nn.Linear}'s default makes them, every entry uniform in [−1/√d, 1/√d].
     */
    STUDY;

    /** Draws of the study's encoder, decoder and b_enc: a separate stream from {@link #UNIT_ROWS}' rows. */
    private static final long STUDY_DECODER = 2;
    private static final long STUDY_ENCODER = 3;
    private static final long STUDY_ENCODER_BIAS = 4;

    /**
     * A trial's starting parameters for a model of {@code shape}: a transcoder's start as
     * {@link #UNIT_ROWS} (the study's init is an SAE's, refused for transcoders by the config).
     */
    public SaeWeights initial(long seed, SaeShape shape, int latents, boolean fromDecoder, double[] decoderBias) {
        if (!shape.transcoder()) {
            return initial(seed, shape.inputs(), latents, fromDecoder, decoderBias);
        }
        if (this != UNIT_ROWS) {
            throw new IllegalArgumentException("a transcoder starts from unit rows, not the " + this + " init");
        }
        return SaeWeights.initial(seed, shape, latents, fromDecoder, decoderBias);
    }

    /**
     * An SAE's starting parameters.
     *
     * @param fromDecoder {@link #UNIT_ROWS}: the encoder starts as the decoder's transpose
     */
    public SaeWeights initial(long seed, int inputs, int latents, boolean fromDecoder, double[] decoderBias) {
        if (this == UNIT_ROWS) {
            return SaeWeights.initial(seed, inputs, latents, fromDecoder, decoderBias);
        }
        if (decoderBias.length != inputs) {
            throw new IllegalArgumentException("b_dec must hold " + inputs + " values, got " + decoderBias.length);
        }
        float[] bDec = new float[inputs];
        for (int j = 0; j < inputs; j++) {
            bDec[j] = (float) decoderBias[j];
        }
        double bound = 1.0 / Math.sqrt(inputs);
        return new SaeWeights(inputs, latents, uniform(seed, STUDY_ENCODER, latents * inputs, bound),
                orthogonalRows(seed, inputs, latents), uniform(seed, STUDY_ENCODER_BIAS, latents, bound), bDec, null);
    }

    /** The study's decoder rows for the seed: {@link #orthogonalRows} of a Gaussian W [d, L] drawn from it. */
    private static float[] orthogonalRows(long seed, int inputs, int latents) {
        long key = CounterRandom.stepKey(seed, SaeWeights.INIT_DOMAIN, STUDY_DECODER);
        double[] gaussian = new double[inputs * latents];
        for (int k = 0; k < gaussian.length; k++) {
            long row = CounterRandom.rowKey(key, k);
            gaussian[k] = CounterRandom.gaussian(CounterRandom.bits(row, 0), CounterRandom.bits(row, 1));
        }
        return orthogonalRows(gaussian, inputs, latents);
    }

    /**
     * Decoder rows [L, d] of W_dec = {@code nn.init.orthogonal_} applied to a draw {@code w} of
     * W's shape [d, L] (row-major): torch transposes w when d &lt; L, takes Q of its reduced QR
     * with Q's columns multiplied by the signs of R's diagonal, and transposes Q back. That Q (R's
     * diagonal positive) is unique, so {@link #thinQ} computes it directly. Our rows are
     * W_decᵀ, each then scaled to unit norm (the study's forward pass renormalises before use).
     */
    static float[] orthogonalRows(double[] w, int inputs, int latents) {
        boolean transposed = inputs < latents;
        int tall = transposed ? latents : inputs;
        int wide = transposed ? inputs : latents;
        double[] flattened = new double[tall * wide];
        for (int r = 0; r < inputs; r++) {
            for (int c = 0; c < latents; c++) {
                flattened[transposed ? c * wide + r : r * wide + c] = w[r * latents + c];
            }
        }
        double[] q = thinQ(flattened, tall, wide);
        float[] rows = new float[latents * inputs];
        double[] row = new double[inputs];
        for (int l = 0; l < latents; l++) {
            double norm = 0;
            for (int j = 0; j < inputs; j++) {
                // W = Q when not transposed, so row l of Wᵀ is Q's column l; else W = Qᵀ and it is Q's row l
                row[j] = transposed ? q[l * wide + j] : q[j * wide + l];
                norm += row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < inputs; j++) {
                rows[l * inputs + j] = (float) (row[j] / norm);
            }
        }
        return rows;
    }

    /**
     * Q [tall, wide] (row-major) of the reduced QR of a full-rank {@code a} [tall, wide] with R's
     * diagonal positive, by modified Gram–Schmidt with a second orthogonalisation pass (twice is
     * enough for orthogonality to rounding). O(tall·wide²): ND4J's Qr op took minutes of CPU for
     * one 2048 × 256 decoder here, this takes well under a second.
     *
     * @throws IllegalArgumentException when a column is (numerically) dependent on earlier ones
     */
    static double[] thinQ(double[] a, int tall, int wide) {
        double[][] columns = new double[wide][tall];
        for (int r = 0; r < tall; r++) {
            for (int c = 0; c < wide; c++) {
                columns[c][r] = a[r * wide + c];
            }
        }
        for (int c = 0; c < wide; c++) {
            double[] v = columns[c];
            double original = Math.sqrt(dot(v, v));
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < c; k++) {
                    double projection = dot(columns[k], v);
                    for (int r = 0; r < tall; r++) {
                        v[r] -= projection * columns[k][r];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (!(norm > 1e-12 * Math.max(original, Double.MIN_NORMAL))) {
                throw new IllegalArgumentException("column " + c + " of the " + tall + " x " + wide
                        + " matrix depends on the earlier ones: no orthogonal factor");
            }
            for (int r = 0; r < tall; r++) {
                v[r] /= norm;
            }
        }
        double[] q = new double[tall * wide];
        for (int r = 0; r < tall; r++) {
            for (int c = 0; c < wide; c++) {
                q[r * wide + c] = columns[c][r];
            }
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    private static float[] uniform(long seed, long matrix, int count, double bound) {
        long key = CounterRandom.stepKey(seed, SaeWeights.INIT_DOMAIN, matrix);
        float[] values = new float[count];
        for (int k = 0; k < count; k++) {
            values[k] = (float) ((2 * CounterRandom.openUniform(CounterRandom.bits(key, k)) - 1) * bound);
        }
        return values;
    }
}
