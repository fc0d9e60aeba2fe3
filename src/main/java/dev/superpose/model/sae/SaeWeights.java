package dev.superpose.model.sae;

import dev.superpose.data.CounterRandom;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;

import java.util.ArrayList;
import java.util.List;

/**
 * One SAE's parameters in the stack's layout: the encoder and decoder as latent-major rows
 * (row l is latent l's encoder direction, W_encᵀ [L, d_in], and its decoder direction, W_dec
 * [L, d_out]; d_out = d_in but for a transcoder, see {@link SaeShape}), the biases (b_dec [d_out]), the threshold θ of rules that have one ([L]: batchtopk's estimate, jumprelu's learned
 * one; else {@code null}) and further per-latent parameters of the architecture, each [L] (the
 * gated SAE's {@code r_mag} and {@code b_mag}; else empty).
 */
public record SaeWeights(int inputs, int outputs, int latents, float[] encoderRows, float[] decoderRows,
                         float[] encoderBias, float[] decoderBias, float[] threshold, List<NamedArray> extras) {
    /** Separates SAE initialisation draws from data and TMS draws of the same seed. */
    static final long INIT_DOMAIN = 0x53414549L; // "SAEI"
    private static final String ENCODER = "W_enc";
    private static final String DECODER = "W_dec";
    private static final String ENCODER_BIAS = "b_enc";
    private static final String DECODER_BIAS = "b_dec";
    /** The inference threshold's name in a trial's weights: an untrained estimate or a trained parameter's export. */
    static final String THRESHOLD = "threshold";
    private static final List<String> CORE = List.of(ENCODER, DECODER, ENCODER_BIAS, DECODER_BIAS, THRESHOLD);
    private static final long DECODER_ROW = 0;
    private static final long ENCODER_ROW = 1;

    public SaeWeights {
        if (inputs < 1 || outputs < 1 || latents < 1) {
            throw new IllegalArgumentException("an SAE needs inputs, outputs and latents >= 1, got " + inputs + ", "
                    + outputs + " and " + latents);
        }
        requireLength("encoder rows", encoderRows, latents * inputs);
        requireLength("decoder rows", decoderRows, latents * outputs);
        requireLength("encoder bias", encoderBias, latents);
        requireLength("decoder bias", decoderBias, outputs);
        if (threshold != null) {
            requireLength("threshold", threshold, latents);
        }
        extras = List.copyOf(extras);
        for (NamedArray extra : extras) {
            requireLength(extra.name(), extra.data(), latents);
        }
    }

    /** An SAE's weights (outputs = inputs) without further per-latent parameters. */
    public SaeWeights(int inputs, int latents, float[] encoderRows, float[] decoderRows, float[] encoderBias,
                      float[] decoderBias, float[] threshold) {
        this(inputs, inputs, latents, encoderRows, decoderRows, encoderBias, decoderBias, threshold, List.of());
    }

    /** The per-latent array exported as {@code name}: the threshold or one of the {@link #extras}; null if absent. */
    float[] exported(String name) {
        return name.equals(THRESHOLD) ? threshold : extra(name);
    }

    /** The per-latent parameter {@code name} of {@link #extras}, or null if there is none. */
    public float[] extra(String name) {
        return extras.stream().filter(e -> e.name().equals(name)).findFirst().map(NamedArray::data).orElse(null);
    }

    /**
     * As the arrays of a trial's .npz: {@code W_enc} [d_in, L], {@code W_dec} [L, d_out], {@code b_enc} [L],
     * {@code b_dec} [d_out], for rules that keep one {@code threshold} [L], then the {@link #extras}.
     */
    public TrialWeights toTrialWeights() {
        List<NamedArray> arrays = new ArrayList<>(List.of(
                new NamedArray(ENCODER, new int[]{inputs, latents}, transpose(encoderRows, latents, inputs)),
                new NamedArray(DECODER, new int[]{latents, outputs}, decoderRows),
                new NamedArray(ENCODER_BIAS, new int[]{latents}, encoderBias),
                new NamedArray(DECODER_BIAS, new int[]{outputs}, decoderBias)));
        if (threshold != null) {
            arrays.add(new NamedArray(THRESHOLD, new int[]{latents}, threshold));
        }
        arrays.addAll(extras);
        return new TrialWeights(arrays);
    }

    /** The inverse of {@link #toTrialWeights()}. */
    public static SaeWeights from(TrialWeights weights) {
        NamedArray encoder = weights.get(ENCODER);
        NamedArray decoder = weights.get(DECODER);
        if (encoder.rank() != 2 || decoder.rank() != 2) {
            throw new IllegalArgumentException("SAE weights need W_enc [d_in, L] and W_dec [L, d_out], got "
                    + encoder.describe() + " and " + decoder.describe());
        }
        int inputs = encoder.dim(0);
        int latents = encoder.dim(1);
        return new SaeWeights(inputs, decoder.dim(1), latents, transpose(encoder.data(), inputs, latents),
                decoder.data(), weights.get(ENCODER_BIAS).data(), weights.get(DECODER_BIAS).data(),
                weights.has(THRESHOLD) ? weights.get(THRESHOLD).data() : null,
                weights.arrays().stream().filter(a -> !CORE.contains(a.name())).toList());
    }

    /** The transpose of a row-major [rows, columns] matrix. */
    private static float[] transpose(float[] matrix, int rows, int columns) {
        float[] out = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = matrix[r * columns + c];
            }
        }
        return out;
    }

    private static void requireLength(String name, float[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException("SAE " + name + " must hold " + expected + " values, got "
                    + values.length);
        }
    }

    /**
     * A trial's starting parameters, drawn from its seed alone: decoder rows uniform on the unit
     * sphere (Gaussian, normalised); encoder rows equal to them ({@code tied}, W_enc = W_decᵀ; an
     * SAE only) or drawn the same way independently; b_enc = 0; b_dec as given (the stack's data
     * decides it).
     */
    public static SaeWeights initial(long seed, SaeShape shape, int latents, boolean tied, double[] decoderBias) {
        int inputs = shape.inputs();
        int outputs = shape.outputs();
        if (decoderBias.length != outputs) {
            throw new IllegalArgumentException("b_dec must hold " + outputs + " values, got " + decoderBias.length);
        }
        if (tied && shape.transcoder()) {
            throw new IllegalArgumentException("a transcoder's encoder reads another space than its decoder writes:"
                    + " it cannot start as the decoder's transpose");
        }
        float[] decoder = unitRows(seed, DECODER_ROW, outputs, latents);
        float[] encoder = tied ? decoder.clone() : unitRows(seed, ENCODER_ROW, inputs, latents);
        float[] bDec = new float[outputs];
        for (int j = 0; j < outputs; j++) {
            bDec[j] = (float) decoderBias[j];
        }
        return new SaeWeights(inputs, outputs, latents, encoder, decoder, new float[latents], bDec, null, List.of());
    }

    /** An SAE's starting parameters ({@link #initial(long, SaeShape, int, boolean, double[])} with d_out = d_in). */
    public static SaeWeights initial(long seed, int inputs, int latents, boolean tied, double[] decoderBias) {
        return initial(seed, SaeShape.autoencoder(inputs), latents, tied, decoderBias);
    }

    private static float[] unitRows(long seed, long matrix, int inputs, int latents) {
        float[] rows = new float[latents * inputs];
        double[] row = new double[inputs];
        for (int l = 0; l < latents; l++) {
            long key = CounterRandom.rowKey(seed, INIT_DOMAIN, matrix, l);
            double norm = 0;
            for (int j = 0; j < inputs; j++) {
                row[j] = CounterRandom.gaussian(CounterRandom.bits(key, 2L * j), CounterRandom.bits(key, 2L * j + 1));
                norm += row[j] * row[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < inputs; j++) {
                rows[l * inputs + j] = (float) (row[j] / norm);
            }
        }
        return rows;
    }
}
