package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;
import dev.superpose.model.NamedArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack's parameters, their gradients, and their import and export: W_enc (as rows E =
 * W_encᵀ: [I, L, d_in]), W_dec [I, L, d_out], b_enc [I, L], b_dec [I, d_out] (d_out = d_in for an
 * SAE, see {@link SaeShape}), the architecture's per-latent
 * parameters ({@link Architecture#latentParameters()}) and its untrained threshold, if it keeps
 * one. Arrays are of the stack's data type; {@link #load}, {@link #weights} and
 * {@link #resetLatent} run on the calling thread, between passes.
 */
final class SaeParameters implements AutoCloseable {
    private final Architecture architecture;
    private final DecoderNorm decoderNorm;
    private final boolean tied;
    private final int instances;
    private final SaeShape shape;
    private final int inputs;
    private final int outputs;
    private final int latents;

    private final INDArray encoder;
    private final INDArray decoder;
    private final INDArray encoderBias;
    private final INDArray decoderBias;
    private final INDArray threshold;
    private final List<LatentParameter> latentParameters;
    private final INDArray gradEncoder;
    private final INDArray gradDecoder;
    private final INDArray gradEncoderBias;
    private final INDArray gradDecoderBias;
    /** The calling thread's views, for import and export. */
    private RowViews io;

    SaeParameters(Architecture architecture, DecoderNorm decoderNorm, boolean tied, int instances, SaeShape shape,
                  int latents, DataType dataType) {
        this.architecture = architecture;
        this.decoderNorm = decoderNorm;
        this.tied = tied;
        this.instances = instances;
        this.shape = shape;
        this.inputs = shape.inputs();
        this.outputs = shape.outputs();
        this.latents = latents;
        this.encoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.decoder = Nd4j.zeros(dataType, instances, latents, outputs);
        this.encoderBias = Nd4j.zeros(dataType, instances, latents);
        this.decoderBias = Nd4j.zeros(dataType, instances, outputs);
        this.threshold = architecture.keepsThreshold()
                ? Nd4j.valueArrayOf(new long[]{instances, latents}, Double.NaN, dataType) : null;
        List<LatentParameter> own = new ArrayList<>();
        for (LatentParameterSpec spec : architecture.latentParameters()) {
            own.add(new LatentParameter(spec, Nd4j.valueArrayOf(new long[]{instances, latents}, spec.start(),
                    dataType), Nd4j.zeros(dataType, instances, latents)));
        }
        this.latentParameters = List.copyOf(own);
        this.gradEncoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.gradDecoder = Nd4j.zeros(dataType, instances, latents, outputs);
        this.gradEncoderBias = Nd4j.zeros(dataType, instances, latents);
        this.gradDecoderBias = Nd4j.zeros(dataType, instances, outputs);
    }

    Architecture architecture() {
        return architecture;
    }

    DecoderNorm decoderNorm() {
        return decoderNorm;
    }

    boolean tied() {
        return tied;
    }

    int instances() {
        return instances;
    }

    SaeShape shape() {
        return shape;
    }

    int inputs() {
        return inputs;
    }

    int outputs() {
        return outputs;
    }

    int latents() {
        return latents;
    }

    INDArray encoder() {
        return encoder;
    }

    INDArray decoder() {
        return decoder;
    }

    INDArray encoderBias() {
        return encoderBias;
    }

    INDArray decoderBias() {
        return decoderBias;
    }

    /** The untrained inference threshold, or null. */
    INDArray threshold() {
        return threshold;
    }

    List<LatentParameter> latentParameters() {
        return latentParameters;
    }

    LatentParameter latentParameter(String name) {
        return latentParameters.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a " + architecture.name() + " stack has no " + name));
    }

    INDArray gradEncoder() {
        return gradEncoder;
    }

    INDArray gradDecoder() {
        return gradDecoder;
    }

    INDArray gradEncoderBias() {
        return gradEncoderBias;
    }

    INDArray gradDecoderBias() {
        return gradDecoderBias;
    }

    private RowViews io() {
        if (io == null) {
            io = new RowViews(this);
        }
        return io;
    }

    /**
     * Gives latent {@code l} of instance {@code i} new encoder and decoder rows and a zero b_enc,
     * and puts the architecture's own parameters of the latent back at their start.
     */
    void resetLatent(int i, int l, double[] encoderRow, double[] decoderRow) {
        if (encoderRow.length != inputs || decoderRow.length != outputs) {
            throw new IllegalArgumentException("a latent's encoder row holds " + inputs + " values and its decoder row "
                    + outputs + ", got " + encoderRow.length + " and " + decoderRow.length);
        }
        RowViews v = io();
        v.encoder().write((i * latents + l) * inputs, encoderRow, inputs);
        v.decoder().write((i * latents + l) * outputs, decoderRow, outputs);
        v.encoderBias().write(i * latents + l, new double[1], 1);
        for (LatentParameter p : latentParameters) {
            p.value().putScalar(new long[]{i, l}, p.spec().start());
        }
    }

    /** Sets instance {@code i}'s parameters (the threshold and the architecture's own too, when given). */
    void load(int i, SaeWeights weights) {
        if (weights.inputs() != inputs || weights.outputs() != outputs || weights.latents() != latents) {
            throw new IllegalArgumentException("weights must be " + latents + " latents x " + inputs + " inputs x "
                    + outputs + " outputs, got " + weights.latents() + " x " + weights.inputs() + " x "
                    + weights.outputs());
        }
        RowViews v = io();
        v.encoder().write(i * latents * inputs, toDoubles(weights.encoderRows()), latents * inputs);
        v.decoder().write(i * latents * outputs, toDoubles(weights.decoderRows()), latents * outputs);
        v.encoderBias().write(i * latents, toDoubles(weights.encoderBias()), latents);
        v.decoderBias().write(i * outputs, toDoubles(weights.decoderBias()), outputs);
        if (threshold != null && weights.threshold() != null) {
            v.threshold().write(i * latents, toDoubles(weights.threshold()), latents);
        }
        for (LatentParameter p : latentParameters) {
            float[] exported = weights.exported(p.spec().exportName());
            if (exported == null) {
                continue;
            }
            double[] values = toDoubles(exported);
            for (int l = 0; l < latents; l++) {
                values[l] = p.spec().fromExported().applyAsDouble(values[l]);
            }
            ArrayElements.of(p.value()).write(i * latents, values, latents);
        }
    }

    /** A copy of instance {@code i}'s parameters, with the decoder rows scaled to unit norm (as the model uses them). */
    SaeWeights weights(int i) {
        RowViews v = io();
        if (tied) {
            v.copyDecoderIntoEncoder(i);
        }
        double[] encoderRows = new double[latents * inputs];
        double[] bEnc = new double[latents];
        double[] bDec = new double[outputs];
        v.encoder().read(i * latents * inputs, encoderRows, encoderRows.length);
        for (int l = 0; l < latents; l++) {
            v.loadDecoderRow(i, l);
        }
        v.encoderBias().read(i * latents, bEnc, latents);
        v.decoderBias().read(i * outputs, bDec, outputs);
        float[] thresholdCopy = null;
        if (threshold != null) {
            double[] t = new double[latents];
            v.threshold().read(i * latents, t, latents);
            thresholdCopy = toFloats(t);
        }
        List<NamedArray> extras = new ArrayList<>();
        for (LatentParameter p : latentParameters) {
            double[] values = new double[latents];
            ArrayElements.of(p.value()).read(i * latents, values, latents);
            for (int l = 0; l < latents; l++) {
                values[l] = p.spec().toExported().applyAsDouble(values[l]);
            }
            if (p.spec().exportName().equals(SaeWeights.THRESHOLD)) {
                thresholdCopy = toFloats(values);
            } else {
                extras.add(new NamedArray(p.spec().exportName(), new int[]{latents}, toFloats(values)));
            }
        }
        return new SaeWeights(inputs, outputs, latents, toFloats(encoderRows), toFloats(v.decoderRows()), toFloats(bEnc),
                toFloats(bDec), thresholdCopy, extras);
    }

    List<INDArray> arrays() {
        List<INDArray> all = new ArrayList<>(List.of(encoder, decoder, encoderBias, decoderBias, gradEncoder,
                gradDecoder, gradEncoderBias, gradDecoderBias));
        if (threshold != null) {
            all.add(threshold);
        }
        for (LatentParameter p : latentParameters) {
            all.add(p.value());
            all.add(p.gradient());
        }
        return all;
    }

    @Override
    public void close() {
        dev.superpose.model.NativeArrays.close(arrays());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k];
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }
}
