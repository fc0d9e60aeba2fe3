package dev.superpose.eval;

import dev.superpose.analysis.transformer.TopActivations;
import dev.superpose.config.SweepPlan;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.eval.SaeSweepOutputs.AnalysedSae;
import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code latent-contexts.md}: for each SAE trained on a transformer's activations, its summary
 * (FVU, L0, dead fraction, downstream fidelity, single-token share) and, for its first
 * {@value #LATENTS_SHOWN} latents that fire on at least two held-out tokens, their strongest
 * activations with the token highlighted in a window of its document. Plain Markdown (every ASCII
 * punctuation mark of the text backslash-escaped, so no text can become markup): a browser shows it
 * as text, a Markdown viewer as tables.
 */
final class LatentContextsReport {
    static final String FILE = "latent-contexts.md";
    /** Latents shown per SAE: by index, which is arbitrary, so a fair sample of the live ones. */
    static final int LATENTS_SHOWN = 12;
    /** Characters of the document shown on each side of the token. */
    static final int WINDOW = 40;

    private LatentContextsReport() {
    }

    /** Writes the report when at least one trial has top activations; otherwise nothing. */
    static void write(SweepPlan plan, List<AnalysedSae> analysed, Map<SaeDataKey, Optional<TransformerSaeProbe>> probes,
                      Path resultsDir) throws IOException {
        List<AnalysedSae> shown = analysed.stream().filter(a -> a.top().isPresent()).toList();
        if (shown.isEmpty()) {
            return;
        }
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(plan.name())).append(": what the latents fire on\n\n")
                .append("Per SAE, the held-out tokens (at most ").append(SaeSweepOutputs.EVALUATION_ROWS)
                .append(") each latent fires on most strongly (its top ").append(SaeSweepOutputs.TOP_K)
                .append("), the token in bold inside ").append(WINDOW).append(" characters of its text on each side.")
                .append(" *density*: the share of held-out tokens it fires on. *single token*: its top activations")
                .append(" are all one vocabulary entry. *recovered*: downstream fidelity, 1 − d(spliced) / d(zero-ablated),")
                .append(" d the mean cosine distance of the mean-pooled sentence embedding to the clean one over ")
                .append(TransformerSaeProbe.SENTENCES).append(" held-out sentences.\n\n");
        md.append("| trial | grid point | FVU | L0 | dead | single-token share | recovered |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (AnalysedSae sae : shown) {
            Map<String, Double> metrics = Json.readObject(sae.trial().row().metricsJson(), Double.class);
            md.append("| ").append(escape(sae.trial().spec().trialId())).append(" | ")
                    .append(escape(TrialTitle.of(sae.trial().spec()))).append(" | ")
                    .append(number(sae.analysis().summary().fvu())).append(" | ")
                    .append(number(sae.analysis().summary().l0())).append(" | ")
                    .append(number(sae.analysis().summary().deadFraction())).append(" | ")
                    .append(number(TopActivations.singleTokenShare(sae.top().get()))).append(" | ")
                    .append(number(metrics.getOrDefault("downstream_recovered", Double.NaN))).append(" |\n");
        }
        for (AnalysedSae sae : shown) {
            TransformerSaeProbe probe = probes.get(SaeDataKey.of(sae.trial().spec().config())).orElseThrow();
            List<TopActivations.Latent> latents = sae.top().get().stream().filter(l -> l.rows().length >= 2)
                    .limit(LATENTS_SHOWN).toList();
            Set<Integer> documents = new HashSet<>();
            latents.forEach(l -> {
                for (int row : l.rows()) {
                    documents.add(probe.source(row).document());
                }
            });
            Map<Integer, String> texts = probe.documents(documents);
            md.append("\n## ").append(escape(sae.trial().spec().trialId())).append(": ")
                    .append(escape(TrialTitle.of(sae.trial().spec()))).append("\n");
            for (TopActivations.Latent latent : latents) {
                md.append("\n### latent ").append(latent.latent()).append(" — density ")
                        .append(number(latent.fires() / (double) Math.min(SaeSweepOutputs.EVALUATION_ROWS,
                                sae.data().test().rows())))
                        .append(latent.singleToken() ? ", single token" : "").append("\n\n")
                        .append("| activation | token | context |\n|---|---|---|\n");
                for (int i = 0; i < latent.rows().length; i++) {
                    TransformerSaeProbe.TokenSource source = probe.source(latent.rows()[i]);
                    md.append("| ").append(number(latent.activations()[i])).append(" | ")
                            .append(escape(source.token())).append(" | ")
                            .append(context(texts.get(source.document()), source)).append(" |\n");
                }
            }
        }
        AtomicFiles.write(resultsDir.resolve(FILE), md.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The token's window of its document, escaped, the token itself in bold. */
    static String context(String document, TransformerSaeProbe.TokenSource source) {
        int start = Math.max(0, source.start() - WINDOW);
        int end = Math.min(document.length(), source.end() + WINDOW);
        String token = document.substring(source.start(), source.end());
        return (start > 0 ? "…" : "") + escape(document.substring(start, source.start())) + "**"
                + escape(token.isEmpty() ? source.token() : token) + "**"
                + escape(document.substring(source.end(), end)) + (end < document.length() ? "…" : "");
    }

    /**
     * Text as Markdown shows it literally: every ASCII punctuation mark backslash-escaped (CommonMark
     * lets any be), line breaks and other control characters as spaces.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(' ');
            } else {
                if (c < 128 && !Character.isLetterOrDigit(c) && c != ' ') {
                    out.append('\\');
                }
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3g", value);
    }
}
