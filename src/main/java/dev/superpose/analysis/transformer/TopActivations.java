package dev.superpose.analysis.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per latent, the held-out tokens it fires on most strongly, and whether those are all one token
 * type: a latent whose top activations are the same vocabulary entry reads as a token detector,
 * the cheapest kind of "interpretable" (the random-transformer study's point is that such latents
 * appear without any training of the model).
 */
public final class TopActivations {
    private TopActivations() {
    }

    /**
     * One latent's strongest activations.
     *
     * @param rows        held-out rows of its top activations, strongest first (at most k)
     * @param activations their activations
     * @param fires       held-out rows on which it is non-zero
     * @param topToken    the token type most frequent among {@code rows} (the strongest one on a tie); -1 if none
     * @param topTokenCount how many of {@code rows} are that type
     */
    public record Latent(int latent, int[] rows, float[] activations, int fires, int topToken, int topTokenCount) {
        /** Whether it fires on at least two held-out tokens and its top ones are all one token type. */
        public boolean singleToken() {
            return rows.length >= 2 && topTokenCount == rows.length;
        }
    }

    /**
     * @param codes  latent activations [rows, latents] row-major (positive when firing)
     * @param tokens the token id of each row
     * @param k      top activations kept per latent
     */
    public static List<Latent> of(float[] codes, int rows, int latents, int[] tokens, int k) {
        if (codes.length != (long) rows * latents || tokens.length != rows || k < 1) {
            throw new IllegalArgumentException("expected codes [" + rows + ", " + latents + "], " + rows
                    + " tokens and k >= 1, got " + codes.length + " codes, " + tokens.length + " tokens, k = " + k);
        }
        int[][] topRows = new int[latents][k];
        float[][] topValues = new float[latents][k];
        int[] kept = new int[latents];
        int[] fires = new int[latents];
        for (int r = 0; r < rows; r++) {
            for (int l = 0; l < latents; l++) {
                float value = codes[r * latents + l];
                if (value <= 0) {
                    continue;
                }
                fires[l]++;
                insert(topRows[l], topValues[l], kept[l], r, value);
                kept[l] = Math.min(kept[l] + 1, k);
            }
        }
        List<Latent> out = new ArrayList<>(latents);
        for (int l = 0; l < latents; l++) {
            int[] lRows = Arrays.copyOf(topRows[l], kept[l]);
            int topToken = -1;
            int topCount = 0;
            for (int i = 0; i < lRows.length; i++) {
                int count = 0;
                for (int row : lRows) {
                    count += tokens[row] == tokens[lRows[i]] ? 1 : 0;
                }
                if (count > topCount) {
                    topCount = count;
                    topToken = tokens[lRows[i]];
                }
            }
            out.add(new Latent(l, lRows, Arrays.copyOf(topValues[l], kept[l]), fires[l], topToken, topCount));
        }
        return out;
    }

    /**
     * The share of latents with at least two firing tokens whose top activations are a single
     * token type; NaN when no latent fires twice.
     */
    public static double singleTokenShare(List<Latent> latents) {
        long eligible = latents.stream().filter(l -> l.rows().length >= 2).count();
        long single = latents.stream().filter(Latent::singleToken).count();
        return eligible == 0 ? Double.NaN : single / (double) eligible;
    }

    /** Inserts (row, value) into the descending list of {@code size} entries, dropping the last if full; ties keep the earlier row first. */
    private static void insert(int[] rows, float[] values, int size, int row, float value) {
        int k = rows.length;
        int at = Math.min(size, k);
        while (at > 0 && values[at - 1] < value) {
            at--;
        }
        if (at >= k) {
            return;
        }
        int last = Math.min(size, k - 1);
        System.arraycopy(rows, at, rows, at + 1, last - at);
        System.arraycopy(values, at, values, at + 1, last - at);
        rows[at] = row;
        values[at] = value;
    }
}
