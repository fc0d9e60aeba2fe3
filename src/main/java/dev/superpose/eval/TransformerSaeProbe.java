package dev.superpose.eval;

import dev.superpose.analysis.transformer.DownstreamFidelity;
import dev.superpose.config.SaeTarget;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TransformerConfig;
import dev.superpose.data.source.Activations;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.Split;
import dev.superpose.data.source.transformer.BertEncoder;
import dev.superpose.data.source.transformer.Hook;
import dev.superpose.data.source.transformer.TextCorpus;
import dev.superpose.data.source.transformer.TextTokenizer;
import dev.superpose.data.source.transformer.TokenContexts;
import dev.superpose.data.source.transformer.TransformerActivations;
import dev.superpose.data.source.transformer.TransformerModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What an SAE trained on a transformer's activations is measured against beyond its own rows: the
 * text each row came from (for top-activating contexts) and the model itself (for downstream
 * fidelity). Built once per data key ({@link TransformerProbes}): it re-tokenises the text
 * exactly as the extraction did, picks {@value #SENTENCES} held-out sentences (the documents after
 * the last one the data read), and runs the model on them clean and with the activation at the
 * hook zeroed. Read-only once built, so evaluators may share it.
 */
final class TransformerSaeProbe {
    /** Held-out sentences the downstream fidelity averages over. */
    static final int SENTENCES = 64;

    private final BertEncoder encoder;
    private final SourceConfig.Standardization standardization;
    private final TokenContexts contexts;
    private final TextCorpus text;
    private final int[] testRows;
    private final int[][] sentences;
    /** The held-out sentences run up to the hook: each SAE's splice runs only the blocks after it. */
    private final BertEncoder.Prefix prefix;
    private final float[] clean;
    private final float[] ablated;
    private final Map<Integer, String> tokenText = new HashMap<>();

    private TransformerSaeProbe(Path home, SourceConfig source, Function<TransformerConfig, TransformerModel> models) {
        TransformerActivations activations = new TransformerActivations(home, System.err, models);
        TransformerActivations.Setup setup = activations.setup(source);
        TransformerConfig t = source.transformer();
        this.encoder = setup.encoder();
        this.standardization = source.standardization();
        this.text = TextCorpus.open(t.text(), home.resolve("data"));
        this.testRows = Split.testRows(t.tokens(), source.testFraction(), source.seed());
        try (TextTokenizer tokenizer = setup.model().tokenizer()) {
            this.contexts = TokenContexts.pack(text, tokenizer, t.contextLength(), t.tokens());
            int lastRead = contexts.documents()[contexts.documents().length - 1];
            this.sentences = heldOut(text, tokenizer, lastRead, t.contextLength());
            for (int id : contexts.ids()) {
                tokenText.computeIfAbsent(id, tokenizer::token);
            }
        }
        if (sentences.length == 0) {
            this.prefix = null;
            this.clean = new float[0];
            this.ablated = new float[0];
        } else {
            this.prefix = encoder.prefix(sentences, setup.hook());
            this.clean = pooled(encoder.sentences(prefix, a -> a));
            this.ablated = pooled(encoder.sentences(prefix, a -> Nd4j.zerosLike(a)));
        }
    }

    /**
     * The probe for {@code key}'s data, if it is a transformer's activations an SAE reconstructs
     * (not the token-embedding matrix, not a derived kind that imitates or transforms them).
     *
     * @param models reads the model the source names ({@link TransformerActivations#model}, or
     *               one read shared by several probes)
     */
    static Optional<TransformerSaeProbe> of(Path home, SaeDataKey key, Function<TransformerConfig, TransformerModel> models) {
        SourceConfig source = key.source();
        if (source.kind() != SourceKind.TRANSFORMER || key.target() != SaeTarget.INPUT
                || Hook.parse(source.transformer().hook()).map(h -> h.point() == Hook.Point.TOKEN_EMBEDDINGS)
                .orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(new TransformerSaeProbe(home, source, models));
    }

    /** The token id of each of the first {@code count} held-out rows (in the data's test order). */
    int[] testTokens(int count) {
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = contexts.ids()[testRows[i]];
        }
        return tokens;
    }

    /** Where held-out row {@code testRow} came from: its document, character span and vocabulary entry. */
    TokenSource source(int testRow) {
        int row = testRows[testRow];
        return new TokenSource(contexts.documents()[row], contexts.starts()[row], contexts.ends()[row],
                tokenText.get(contexts.ids()[row]));
    }

    /** The vocabulary entry of a token id the data holds. */
    String token(int id) {
        return tokenText.get(id);
    }

    record TokenSource(int document, int start, int end, String token) {
    }

    /** The documents with these indices, read in one pass over the text. */
    Map<Integer, String> documents(java.util.Set<Integer> indices) {
        Map<Integer, String> found = new HashMap<>();
        int last = indices.stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (last >= 0) {
            text.documents((index, document) -> {
                if (indices.contains(index)) {
                    found.put(index, document);
                }
                return index < last;
            });
        }
        return found;
    }

    /**
     * The fidelity of {@code reconstruct} (standardised rows [n, d] → their reconstruction) spliced
     * in at the hook for the held-out sentences' content tokens; empty when the text has no
     * document after the data's.
     */
    Optional<DownstreamFidelity> fidelity(UnaryOperator<float[]> reconstruct) {
        if (sentences.length == 0) {
            return Optional.empty();
        }
        float[] spliced = pooled(encoder.sentences(prefix, a -> splice(a, reconstruct)));
        return Optional.of(DownstreamFidelity.of(clean, spliced, ablated, sentences.length, encoder.weights().dim()));
    }

    /** The rows standardised as the data was, reconstructed, and mapped back to the model's scale. */
    private INDArray splice(INDArray activation, UnaryOperator<float[]> reconstruct) {
        int rows = (int) activation.rows();
        int dim = (int) activation.columns();
        Activations raw = new Activations(rows, dim, activation.dup('c').data().asFloat());
        Activations standardized = switch (standardization) {
            case NONE -> raw;
            case UNIT_NORM -> raw.withUnitNormRows();
            case ZSCORE -> raw.withZScoreRows();
        };
        float[] restored = reconstruct.apply(standardized.values());
        if (standardization != SourceConfig.Standardization.NONE) {
            boolean centre = standardization == SourceConfig.Standardization.ZSCORE;
            for (int r = 0; r < rows; r++) {
                double mean = 0;
                if (centre) {
                    for (int c = r * dim; c < (r + 1) * dim; c++) {
                        mean += raw.values()[c];
                    }
                    mean /= dim;
                }
                double sum = 0;
                for (int c = r * dim; c < (r + 1) * dim; c++) {
                    double d = raw.values()[c] - mean;
                    sum += d * d;
                }
                double scale = Math.sqrt(centre ? sum / dim : sum);
                for (int c = r * dim; c < (r + 1) * dim; c++) {
                    restored[c] = (float) (restored[c] * scale + mean);
                }
            }
        }
        return Nd4j.create(restored, new long[]{rows, dim}, 'c').castTo(activation.dataType());
    }

    private static float[] pooled(INDArray pooled) {
        return pooled.dup('c').data().asFloat();
    }

    /**
     * Up to {@value #SENTENCES} documents after document {@code lastRead}, each cut to the context
     * length and wrapped in [CLS] … [SEP]; documents without a token are skipped.
     */
    private static int[][] heldOut(TextCorpus text, TextTokenizer tokenizer, int lastRead, int contextLength) {
        List<int[]> out = new ArrayList<>();
        text.documents((index, document) -> {
            if (index > lastRead) {
                int[] ids = tokenizer.tokens(document).ids();
                int take = Math.min(ids.length, contextLength - 2);
                if (take > 0) {
                    int[] wrapped = new int[take + 2];
                    wrapped[0] = tokenizer.cls();
                    System.arraycopy(ids, 0, wrapped, 1, take);
                    wrapped[take + 1] = tokenizer.sep();
                    out.add(wrapped);
                }
            }
            return out.size() < SENTENCES;
        });
        return out.toArray(int[][]::new);
    }

    int sentenceCount() {
        return sentences.length;
    }
}
