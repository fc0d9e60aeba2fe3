package dev.superpose.analysis.sae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well a learned dictionary (decoder rows) matches the true features of a synthetic source
 * (Sharkey et al. 2022): the cosine between every true feature and every decoder row, computed
 * once, and the scores built on it. Cosines are signed: a row pointing against a feature does
 * not represent it (SAE codes are non-negative). A zero decoder row has cosine 0 to everything.
 */
public final class DictionaryMatch {
    /** A feature is recovered by a decoder row it has a cosine above this with (Sharkey et al.'s threshold). */
    public static final double RECOVERED_COSINE = 0.9;

    private final int features;
    private final int latents;
    /** cos(feature f, latent l) at [f * latents + l]. */
    private final double[] cosines;

    private DictionaryMatch(int features, int latents, double[] cosines) {
        this.features = features;
        this.latents = latents;
        this.cosines = cosines;
    }

    /**
     * @param decoder W_dec, row-major [latents, dim]
     * @param truth   the true feature directions, row-major [features, dim]
     */
    public static DictionaryMatch of(float[] decoder, float[] truth, int dim) {
        if (dim < 1 || decoder.length == 0 || decoder.length % dim != 0 || truth.length == 0
                || truth.length % dim != 0) {
            throw new IllegalArgumentException("decoder and true features must be non-empty rows of dimension " + dim
                    + ", got " + decoder.length + " and " + truth.length + " values");
        }
        int latents = decoder.length / dim;
        int features = truth.length / dim;
        // Unit decoder rows, transposed to [dim, latents]: a feature's cosines are then a sum of
        // contiguous rows, a loop the JIT vectorises.
        double[] unitDecoder = new double[decoder.length];
        for (int l = 0; l < latents; l++) {
            double norm = norm(decoder, l, dim);
            for (int c = 0; c < dim; c++) {
                unitDecoder[c * latents + l] = norm > 0 ? decoder[l * dim + c] / norm : 0;
            }
        }
        double[] cosines = new double[features * latents];
        for (int f = 0; f < features; f++) {
            double norm = norm(truth, f, dim);
            if (!(norm > 0)) {
                throw new IllegalArgumentException("true feature " + f + " has norm " + norm + "; it has no direction");
            }
            int row = f * latents;
            for (int c = 0; c < dim; c++) {
                double t = truth[f * dim + c] / norm;
                int column = c * latents;
                for (int l = 0; l < latents; l++) {
                    cosines[row + l] += t * unitDecoder[column + l];
                }
            }
        }
        return new DictionaryMatch(features, latents, cosines);
    }

    public int features() {
        return features;
    }

    public int latents() {
        return latents;
    }

    public double cosine(int feature, int latent) {
        return cosines[feature * latents + latent];
    }

    /** The decoder row with the largest cosine to true feature {@code feature} (the lower index among ties). */
    public int bestLatent(int feature) {
        int best = 0;
        for (int l = 1; l < latents; l++) {
            if (cosine(feature, l) > cosine(feature, best)) {
                best = l;
            }
        }
        return best;
    }

    /** Mean max cosine similarity: the mean over true features of the best cosine to any decoder row. */
    public double mmcs() {
        double sum = 0;
        for (int f = 0; f < features; f++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < latents; l++) {
                best = Math.max(best, cosine(f, l));
            }
            sum += best;
        }
        return sum / features;
    }

    /**
     * The mean over alive latents of their best cosine to any true feature: whether what the SAE
     * learned is real, where {@link #mmcs} asks whether what is real was learned. NaN without
     * alive latents.
     */
    public double mmcsLatents(boolean[] alive) {
        if (alive.length != latents) {
            throw new IllegalArgumentException("need one alive flag per latent (" + latents + "), got " + alive.length);
        }
        double sum = 0;
        int count = 0;
        for (int l = 0; l < latents; l++) {
            if (alive[l]) {
                sum += bestCosine(l);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The true feature latent {@code latent}'s decoder row is closest to (lowest index on ties). */
    public int bestFeature(int latent) {
        int best = 0;
        for (int f = 1; f < features; f++) {
            if (cosine(f, latent) > cosine(best, latent)) {
                best = f;
            }
        }
        return best;
    }

    public double bestCosine(int latent) {
        return cosine(bestFeature(latent), latent);
    }

    /** {@link #recovered(double)} at {@link #RECOVERED_COSINE}. */
    public int recovered() {
        return recovered(RECOVERED_COSINE);
    }

    /**
     * How many true features can be matched one-to-one to decoder rows with cosine above
     * {@code threshold}: a maximum bipartite matching (augmenting paths), so one decoder row never
     * counts for two features, and a row a greedy pass would give to one feature is moved when
     * that lets another feature be matched too.
     */
    public int recovered(double threshold) {
        List<int[]> candidates = new ArrayList<>(features);
        for (int f = 0; f < features; f++) {
            List<Integer> rows = new ArrayList<>();
            for (int l = 0; l < latents; l++) {
                if (cosine(f, l) > threshold) {
                    rows.add(l);
                }
            }
            candidates.add(rows.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] featureOfLatent = new int[latents];
        Arrays.fill(featureOfLatent, -1);
        int matched = 0;
        for (int f = 0; f < features; f++) {
            if (augment(f, candidates, featureOfLatent, new boolean[latents])) {
                matched++;
            }
        }
        return matched;
    }

    /** Kuhn's step: finds a latent for {@code feature}, re-seating the features already matched if need be. */
    private static boolean augment(int feature, List<int[]> candidates, int[] featureOfLatent, boolean[] visited) {
        for (int l : candidates.get(feature)) {
            if (!visited[l]) {
                visited[l] = true;
                if (featureOfLatent[l] < 0 || augment(featureOfLatent[l], candidates, featureOfLatent, visited)) {
                    featureOfLatent[l] = feature;
                    return true;
                }
            }
        }
        return false;
    }

    private static double norm(float[] rows, int row, int dim) {
        double sum = 0;
        for (int c = row * dim; c < (row + 1) * dim; c++) {
            sum += (double) rows[c] * rows[c];
        }
        return Math.sqrt(sum);
    }
}
