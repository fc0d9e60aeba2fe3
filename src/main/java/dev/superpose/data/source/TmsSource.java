package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.data.FeatureSampler;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code source.kind = tms}: the hidden activations h = Wx of a trained toy model, with x drawn
 * from that model's data generator. The true features are the model's feature directions: the
 * columns W_i of W, normalised.
 */
public final class TmsSource implements ActivationSource {
    private final int hidden;
    private final int features;
    /** Wᵀ, row-major [features, hidden]: row i is W_i, so h = Σ_i x_i W_i reads contiguous rows. */
    private final float[] embeddings;
    private final FeatureSampler sampler;
    private final GroundTruth truth;
    /** b_final [features] for the model's output ({@link #output}), or null when the weights file has none. */
    private final float[] outputBias;
    /** The current batch of inputs x [batch, features], grown on demand. */
    private float[] inputs = new float[0];

    /**
     * @param w       W, row-major [hidden, features] (as stored in a trial's .npz)
     * @param sampler draws x; its features must match W's
     * @param what    names the weights in error messages (e.g. the .npz file)
     */
    public TmsSource(int hidden, int features, float[] w, FeatureSampler sampler, String what) {
        this(hidden, features, w, null, sampler, what);
    }

    /**
     * @param outputBias b_final [features], for {@link #output}; null if unknown
     */
    public TmsSource(int hidden, int features, float[] w, float[] outputBias, FeatureSampler sampler, String what) {
        if (hidden < 1 || features < 1 || (long) hidden * features != w.length) {
            throw new IllegalArgumentException(what + ": W must be [hidden, features] with both >= 1, got "
                    + hidden + "x" + features + " and " + w.length + " values");
        }
        if (sampler.features() != features) {
            throw new IllegalArgumentException(what + ": W has " + features + " features but the data generator draws "
                    + sampler.features());
        }
        this.hidden = hidden;
        this.features = features;
        this.embeddings = new float[w.length];
        for (int h = 0; h < hidden; h++) {
            for (int i = 0; i < features; i++) {
                embeddings[i * hidden + h] = w[h * features + i];
            }
        }
        if (outputBias != null && outputBias.length != features) {
            throw new IllegalArgumentException(what + ": b_final must hold " + features + " values, got "
                    + outputBias.length);
        }
        this.sampler = sampler;
        this.truth = GroundTruth.normalized(features, hidden, embeddings, what);
        this.outputBias = outputBias == null ? null : outputBias.clone();
    }

    /**
     * The source of a trained trial: W from its weights file ({@code models/<sweep>/<trial>.npz},
     * entry {@code W}), x from {@code data} with {@code seed}.
     */
    public static TmsSource load(Path weightsFile, DataConfig data, long seed) throws IOException {
        java.util.Map<String, NpyArray> arrays = NpzReader.read(weightsFile);
        if (!(arrays.get("W") instanceof NpyArray.Float32 w) || w.shape().length != 2) {
            throw new IOException(weightsFile + ": expected a float32 array W [hidden, features]");
        }
        int features = w.shape()[1];
        float[] bias = arrays.get("b_final") instanceof NpyArray.Float32 b ? b.data() : null;
        return new TmsSource(w.shape()[0], features, w.data(), bias, FeatureSampler.of(features, data, seed),
                weightsFile.toString());
    }

    /** The toy model's inputs x [rows, features] of {@code step}: what {@link #fill} embeds. */
    public Activations inputs(long step, int rows) {
        float[] x = new float[Math.multiplyExact(rows, features)];
        sampler.fill(step, rows, x, 0);
        return new Activations(rows, features, x);
    }

    /** h = Wx of each row of {@code x} [rows, features]. */
    public Activations hidden(Activations x) {
        float[] h = new float[Math.multiplyExact(x.rows(), hidden)];
        SparseProduct.multiply(x.values(), x.rows(), features, embeddings, hidden, h, 0);
        return new Activations(x.rows(), hidden, h);
    }

    /**
     * The model's output ReLU(Wᵀh + b_final) of each row of {@code h} [rows, hidden].
     *
     * @throws IllegalStateException when the weights file had no b_final
     */
    public Activations output(Activations h) {
        if (outputBias == null) {
            throw new IllegalStateException("the weights have no b_final [" + features + "], so the model's output"
                    + " is unknown");
        }
        float[] y = new float[Math.multiplyExact(h.rows(), features)];
        for (int r = 0; r < h.rows(); r++) {
            for (int i = 0; i < features; i++) {
                double sum = outputBias[i];
                for (int k = 0; k < hidden; k++) {
                    sum += (double) h.values()[r * hidden + k] * embeddings[i * hidden + k];
                }
                y[r * features + i] = (float) Math.max(sum, 0);
            }
        }
        return new Activations(h.rows(), features, y);
    }

    /** W_i, feature i's embedding, as rows [features, hidden] (not normalised): h for x = e_i. */
    public Activations embeddings() {
        return new Activations(features, hidden, embeddings.clone());
    }

    /** Number of TMS features (columns of W), which draw each sample. */
    public int features() {
        return features;
    }

    @Override
    public int dim() {
        return hidden;
    }

    @Override
    public Optional<GroundTruth> groundTruth() {
        return Optional.of(truth);
    }

    @Override
    public void fill(long step, int batch, float[] target, int offset) {
        if (inputs.length < batch * features) {
            inputs = new float[batch * features];
        }
        sampler.fill(step, batch, inputs, 0);
        SparseProduct.multiply(inputs, batch, features, embeddings, hidden, target, offset);
    }
}
