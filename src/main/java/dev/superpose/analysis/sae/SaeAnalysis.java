package dev.superpose.analysis.sae;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything superpose reports about one trained SAE: the trial's metrics and one row per latent. */
public record SaeAnalysis(SaeSummary summary, List<LatentStats> latents) {
    public SaeAnalysis {
        latents = List.copyOf(latents);
    }

    /** For a source without ground truth. */
    public static SaeAnalysis of(SaeOutputs outputs) {
        return analyze(outputs, null, null);
    }

    /** For a source with ground truth: {@code truth} holds the true feature directions, row-major [features, dim]. */
    public static SaeAnalysis of(SaeOutputs outputs, float[] truth) {
        return analyze(outputs, DictionaryMatch.of(outputs.decoder(), truth, outputs.dim()), truth);
    }

    /**
     * The representational similarity of true features and their best decoder rows is measured
     * from 3 features (RSA needs 3 distances) up to this many features and dimensions: its permutation tests and random rotation cost
     * O(G² · (permutations + d)) and a d×d SVD per Procrustes shuffle, seconds per SAE beyond.
     */
    public static final int SIMILARITY_MAX_FEATURES = 128;
    public static final int SIMILARITY_MAX_DIM = 128;

    /** Whether {@link #similarity} is measured for a reference set of this many rows in this many dimensions. */
    static boolean similarityMeasured(int rows, int dim) {
        return rows >= 3 && rows <= SIMILARITY_MAX_FEATURES && dim <= SIMILARITY_MAX_DIM;
    }

    /** Reference row i (a true feature; row i of X) against the decoder row that matches it best (row i of Y). */
    static RepresentationSimilarity.Scores similarity(DictionaryMatch match, float[] decoder, float[] truth,
                                                              int dim) {
        double[][] x = new double[match.features()][dim];
        double[][] y = new double[match.features()][dim];
        for (int f = 0; f < match.features(); f++) {
            int l = match.bestLatent(f);
            for (int d = 0; d < dim; d++) {
                x[f][d] = truth[f * dim + d];
                y[f][d] = decoder[l * dim + d];
            }
        }
        return RepresentationSimilarity.compare(x, y, 0);
    }

    private static SaeAnalysis analyze(SaeOutputs out, DictionaryMatch match, float[] truth) {
        double[] frequency = SaeMetrics.firingFrequency(out.codes(), out.latents());
        boolean[] alive = new boolean[out.latents()];
        int dead = 0;
        for (int l = 0; l < alive.length; l++) {
            alive[l] = frequency[l] > 0;
            dead += alive[l] ? 0 : 1;
        }
        Optional<DictionaryScores> scores = Optional.ofNullable(match)
                .map(m -> new DictionaryScores(m.mmcs(), m.mmcsLatents(alive), m.recovered()));
        SaeSummary summary = new SaeSummary(SaeMetrics.mse(out.inputs(), out.reconstructions(), out.dim()),
                SaeMetrics.fvu(out.inputs(), out.reconstructions(), out.dim()),
                SaeMetrics.fvuGlobal(out.inputs(), out.reconstructions(), out.dim()),
                SaeMetrics.l0(out.codes(), out.latents()), SaeMetrics.l1(out.codes(), out.latents()),
                SaeMetrics.l2(out.codes(), out.latents()), SaeMetrics.l1OverSqrtL2(out.codes(), out.latents()),
                SaeMetrics.hoyer(out.codes(), out.latents()), (double) dead / out.latents(), scores,
                Optional.ofNullable(match).filter(m -> similarityMeasured(m.features(), out.dim())).map(m -> similarity(m, out.decoder(), truth, out.dim())));
        List<LatentStats> latents = new ArrayList<>(out.latents());
        for (int l = 0; l < out.latents(); l++) {
            double norm = 0;
            for (int c = l * out.dim(); c < (l + 1) * out.dim(); c++) {
                norm += (double) out.decoder()[c] * out.decoder()[c];
            }
            int feature = match == null ? -1 : match.bestFeature(l);
            latents.add(new LatentStats(l, frequency[l], Math.sqrt(norm),
                    match == null ? Double.NaN : match.cosine(feature, l), feature));
        }
        return new SaeAnalysis(summary, latents);
    }
}
