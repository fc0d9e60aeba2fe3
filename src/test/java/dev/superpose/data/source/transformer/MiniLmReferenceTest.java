package dev.superpose.data.source.transformer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * superpose's own pipeline (DJL tokenizer → ND4J forward pass over the weights read from the
 * ONNX file → mean pooling → L2 normalisation) against langchain4j's AllMiniLmL6V2EmbeddingModel
 * (the same tokenizer.json, ONNX Runtime on the same ONNX file), on a few hundred varied texts.
 */
class MiniLmReferenceTest {
    /**
     * A long text's token count. The reference's tokenizer applies tokenizer.json's truncation (128
     * tokens), so it embeds only texts of up to 126 content tokens as they are; longer ones are
     * left out of the comparison, and the forward pass on a full 512-token context is checked
     * against ONNX Runtime instead ({@link OnnxRuntimeIntermediatesTest}).
     */
    private static final int LONG_TEXT = 503;
    /** Texts per padded forward pass. */
    private static final int BATCH = 32;

    private static TransformerModel model;
    private static TextTokenizer tokenizer;
    private static BertEncoder encoder;
    private static AllMiniLmL6V2EmbeddingModel reference;
    /** The tokenizer as the reference configures it. */
    private static HuggingFaceTokenizer djl;

    @BeforeAll
    static void load() {
        model = TransformerModel.minilm();
        tokenizer = model.tokenizer();
        encoder = new BertEncoder(model.weights(), false, 0);
        reference = new AllMiniLmL6V2EmbeddingModel();
        try {
            djl = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(model.tokenizerJson()), Map.of("padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        djl.close();
    }

    @Test
    void theModelIsReadAsBertWithItsOwnShape() {
        BertWeights w = model.weights();
        assertEquals(List.of(6, 384, 12, 1536, 30522, 512), List.of(w.layers(), w.dim(), w.heads(), w.ffn(),
                w.vocabulary(), w.positions()));
        assertEquals(1e-12f, w.epsilon());
    }

    @Test
    void sentenceEmbeddingsMatchTheReferenceWithin1e4() {
        List<String> all = texts();
        // The reference embeds another text where its tokenizer truncates, or where re-tokenising the
        // decoded WordPiece tokens does not give them back (it then glues the tokens together).
        List<String> texts = new ArrayList<>(all.stream().filter(MiniLmReferenceTest::referenceKeepsText).toList());
        texts.sort(Comparator.comparingInt(String::length)); // similar lengths share a padded batch
        assertTrue(all.size() >= 300, "only " + all.size() + " texts");
        assertTrue(texts.size() >= 250, "the reference embeds only " + texts.size() + " texts unchanged");
        double worst = 0;
        String worstText = null;
        int longest = 0;
        for (int first = 0; first < texts.size(); first += BATCH) {
            List<String> batch = texts.subList(first, Math.min(texts.size(), first + BATCH));
            int[][] ids = batch.stream().map(tokenizer::sentence).toArray(int[][]::new);
            INDArray pooled = encoder.sentences(ids);
            for (int b = 0; b < batch.size(); b++) {
                longest = Math.max(longest, ids[b].length - 2);
                INDArray mean = pooled.getRow(b);
                float[] mine = mean.div(mean.norm2Number()).toFloatVector();
                float[] theirs = reference.embed(batch.get(b)).content().vector();
                for (int i = 0; i < mine.length; i++) {
                    double difference = Math.abs(mine[i] - theirs[i]);
                    if (difference > worst) {
                        worst = difference;
                        worstText = batch.get(b);
                    }
                }
            }
        }
        assertTrue(longest >= 100, "the longest text compared has " + longest + " tokens");
        assertTrue(worst < 1e-4, "largest difference " + worst + " on: " + worstText);
    }

    /**
     * Europarl sentences in its 21 languages (accents, other scripts), hand-written edge cases
     * (punctuation runs, emoji, CJK, characters outside the vocabulary, control characters,
     * numbers, URLs), and a text near the 512-position limit.
     */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                "Hello world!", "a", "?!?!...;;;", "Ça coûte 5€ — naïve café, déjà vu.",
                "Straße, Ærøskøbing, Łódź, İstanbul, Ελληνικά, русский, 日本語のテキスト, 한국어, العربية",
                "emoji 😀🎉👍🏽 and symbols ☃ ♞ ∑∫√ ≠ ≤", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 letters", "tab\tand\u0007control\u0001chars",
                "https://example.org/path?q=1&r=2#frag and foo@bar.com", "3.14159 2,718 1e-12 -0.5 100% $5",
                "UPPER lower MiXeD CaSe", "   leading and trailing spaces   ", "quotes \"double\" 'single' «guillemets» „low“",
                "ﬁ ligature, ﬀ, Ⅻ roman, ½ fraction, ² superscript", "zero\u200Bwidth\u200Djoiner", "A" + "a".repeat(300)));
        TextCorpus europarl = TextCorpus.open("europarl", Path.of("."));
        europarl.documents((index, document) -> {
            for (String sentence : document.split("(?<=[.!?])\\s+")) {
                if (sentence.length() > 3 && texts.size() % 3 != 0 || sentence.length() > 200) {
                    texts.add(sentence);
                }
            }
            return texts.size() < 300;
        });
        String document = europarl.document(3) + " " + europarl.document(4);
        texts.add(prefixOfTokens(document, LONG_TEXT));
        return texts;
    }

    /**
     * Whether the reference embeds the text's own tokens: its tokenizer does not truncate them
     * (tokenizer.json's truncation applies there) and its decode → re-tokenise round trip gives them back.
     */
    private static boolean referenceKeepsText(String text) {
        List<String> tokens = djl.tokenize(text);
        if (tokens.size() != tokenizer.sentence(text).length) {
            return false;
        }
        List<String> inner = tokens.subList(1, tokens.size() - 1);
        List<String> again = djl.tokenize(djl.buildSentence(inner));
        return again.subList(1, again.size() - 1).equals(inner);
    }

    /** The longest whitespace-delimited prefix of {@code text} with at most {@code tokens} tokens. */
    private static String prefixOfTokens(String text, int tokens) {
        String[] words = text.split(" ");
        StringBuilder prefix = new StringBuilder();
        String best = "";
        for (String word : words) {
            prefix.append(prefix.length() == 0 ? "" : " ").append(word);
            int count = tokenizer.tokens(prefix.toString()).size();
            if (count > tokens) {
                break;
            }
            best = prefix.toString();
        }
        return best;
    }
}
