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
        return analyze(outputs, null);
    }

    /** For a source with ground truth: {@code truth} holds the true feature directions, row-major [features, dim]. */
    public static SaeAnalysis of(SaeOutputs outputs, float[] truth) {
        return analyze(outputs, DictionaryMatch.of(outputs.decoder(), truth, outputs.dim()));
    }

    private static SaeAnalysis analyze(SaeOutputs out, DictionaryMatch match) {
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
                SaeMetrics.hoyer(out.codes(), out.latents()), (double) dead / out.latents(), scores);
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
