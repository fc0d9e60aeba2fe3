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
    /** The current batch of inputs x [batch, features], grown on demand. */
    private float[] inputs = new float[0];

    /**
     * @param w       W, row-major [hidden, features] (as stored in a trial's .npz)
     * @param sampler draws x; its features must match W's
     * @param what    names the weights in error messages (e.g. the .npz file)
     */
    public TmsSource(int hidden, int features, float[] w, FeatureSampler sampler, String what) {
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
        this.sampler = sampler;
        this.truth = GroundTruth.normalized(features, hidden, embeddings, what);
    }

    /**
     * The source of a trained trial: W from its weights file ({@code models/<sweep>/<trial>.npz},
     * entry {@code W}), x from {@code data} with {@code seed}.
     */
    public static TmsSource load(Path weightsFile, DataConfig data, long seed) throws IOException {
        if (!(NpzReader.read(weightsFile).get("W") instanceof NpyArray.Float32 w) || w.shape().length != 2) {
            throw new IOException(weightsFile + ": expected a float32 array W [hidden, features]");
        }
        int features = w.shape()[1];
        return new TmsSource(w.shape()[0], features, w.data(), FeatureSampler.of(features, data, seed),
                weightsFile.toString());
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
