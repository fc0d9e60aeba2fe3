package dev.superpose.analysis.sae;

import java.util.Optional;

/**
 * How alike two seeds' dictionaries of one grid point are: each decoder row of seed b (row i of
 * X) against the row of seed a that matches it best (row i of Y), with the measures, permutation
 * tests and rotation baseline of {@link RepresentationSimilarity}, exactly as a dictionary is
 * compared with the true features (seed b standing in for them). Latents carry no order across
 * seeds, hence the matching: the same dictionary in another latent order scores CKA 1, Procrustes
 * 0 and RSA 1.
 */
public final class SeedSimilarity {
    private SeedSimilarity() {
    }

    /**
     * @param a, b unit decoder rows [latents, dim] of the two seeds, row-major
     * @return the scores, or empty when the dictionaries are outside the sizes similarity is measured for
     */
    public static Optional<RepresentationSimilarity.Scores> between(float[] a, float[] b, int dim) {
        int rows = b.length / dim;
        if (!SaeAnalysis.similarityMeasured(rows, dim)) {
            return Optional.empty();
        }
        return Optional.of(SaeAnalysis.similarity(DictionaryMatch.of(a, b, dim), a, b, dim));
    }
}
