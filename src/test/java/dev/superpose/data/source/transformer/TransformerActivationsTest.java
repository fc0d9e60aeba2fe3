package dev.superpose.data.source.transformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.superpose.config.BadInputException;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TransformerConfig;
import dev.superpose.config.TransformerWeights;
import dev.superpose.data.source.Activations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extraction into the activation cache, its reuse and resumption, and the settings it refuses. */
class TransformerActivationsTest {
    private static final int LENGTH = 12;
    /** 3 contexts of 10 content tokens, the last one cut: 2 batches of 8 contexts would need 80. */
    private static final int TOKENS = 25;
    private static final String TEXT = """
            The committee adopted the report on Tuesday, after a long debate.
            Mr President, I would like to thank the rapporteur for her excellent work!
            {"not": "a jsonl line in a txt file, just text"}
            Ça coûte cher : l'Union européenne doit agir — maintenant.
            """;

    @TempDir
    Path home;

    private static TransformerModel minilm;

    @BeforeAll
    static void load() {
        minilm = TransformerModel.minilm();
    }

    private SourceConfig source(String hook, String text, TransformerWeights weights, int tokens) {
        return new SourceConfig(SourceKind.TRANSFORMER, SourceKind.SHARKEY, null, 1, 1, 1, 1, 2, null,
                SourceConfig.Standardization.NONE, 0.1, 5, SourceConfig.SharkeyRecipe.COPULA,
                SourceConfig.GaussianMoments.PER_DIMENSION, SourceConfig.FfnInit.HE, false, null,
                new TransformerConfig(TransformerConfig.MINILM, null, weights, hook, text, LENGTH, tokens));
    }

    private TransformerActivations activations() {
        return new TransformerActivations(home, new PrintStream(new ByteArrayOutputStream()), s -> minilm);
    }

    private void writeText() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/speeches.txt"), TEXT);
    }

    @Test
    void rowsAreTheHookActivationsOfTheContentTokensInTextOrder() throws IOException {
        writeText();
        SourceConfig source = source("resid.1", "speeches.txt", TransformerWeights.TRAINED, TOKENS);
        Activations rows = activations().load(source);

        assertEquals(TOKENS, rows.rows());
        assertEquals(384, rows.dim());
        TokenContexts contexts;
        try (TextTokenizer tokenizer = minilm.tokenizer()) {
            contexts = TokenContexts.pack(TextCorpus.open("speeches.txt", home.resolve("data")), tokenizer, LENGTH, TOKENS);
        }
        INDArray expected = new BertEncoder(minilm.weights(), false, 0).activations(contexts.input(0, 3), 0,
                Hook.parse("resid.1").orElseThrow());
        for (int row : new int[]{0, 9, 10, 24}) {
            int context = row / (LENGTH - 2);
            int position = 1 + row % (LENGTH - 2);
            float[] want = expected.getRow((long) context * LENGTH + position).toFloatVector();
            float[] got = java.util.Arrays.copyOfRange(rows.values(), row * 384, (row + 1) * 384);
            assertArrayEquals(want, got, 1e-5f, "row " + row);
        }
    }

    @Test
    void aSecondLoadReadsTheCacheAndTheSidecarSaysWhatItHolds() throws IOException {
        writeText();
        SourceConfig source = source("embed", "speeches.txt", TransformerWeights.TRAINED, TOKENS);
        Activations first = activations().load(source);
        List<Path> files;
        try (var list = Files.list(home.resolve("data/activations"))) {
            files = list.sorted().toList();
        }
        assertEquals(3, files.size(), files.toString());
        Path data = files.stream().filter(f -> f.toString().endsWith(".npy") && !f.toString().endsWith(".tokens.npy"))
                .findFirst().orElseThrow();
        long modified = Files.getLastModifiedTime(data).toMillis();
        Activations second = activations().load(source);

        assertArrayEquals(first.values(), second.values());
        assertEquals(modified, Files.getLastModifiedTime(data).toMillis());
        @SuppressWarnings("unchecked")
        Map<String, Object> sidecar = new ObjectMapper().readValue(Path.of(data.toString().replace(".npy", ".json"))
                .toFile(), Map.class);
        assertEquals(TransformerConfig.MINILM, sidecar.get("model"));
        assertEquals("trained", sidecar.get("weights"));
        assertEquals("embed", sidecar.get("hook"));
        assertEquals("hook_full_embed", sidecar.get("hook_name"));
        assertEquals(TOKENS, sidecar.get("tokens"));
        assertEquals(true, sidecar.get("complete"));
        assertEquals(1, sidecar.get("batches_done"));
    }

    @Test
    void anInterruptedExtractionResumesAtItsFirstUnfinishedBatch() throws IOException {
        writeText();
        int tokens = 8 * (LENGTH - 2) + 5; // 2 batches: 8 contexts, then 1
        Files.writeString(home.resolve("data/speeches.txt"), TEXT.repeat(4));
        SourceConfig source = source("embed", "speeches.txt", TransformerWeights.TRAINED, tokens);
        Activations clean = activations().load(source);
        ActivationCache cache = activations().cache(source, activations().setup(source));
        // the state a kill -9 after batch 0 leaves: batch 1's rows unwritten, the sidecar at 1 batch
        Map<String, Object> description = cache.description().orElseThrow();
        description.put("batches_done", 1);
        description.put("complete", false);
        Files.writeString(cache.sidecar(), new ObjectMapper().writeValueAsString(description));
        long headerBytes = Files.size(cache.data()) - 4L * tokens * 384;
        try (RandomAccessFile file = new RandomAccessFile(cache.data().toFile(), "rw")) {
            file.seek(headerBytes + 4L * 80 * 384);
            file.write(new byte[4 * 5 * 384]);
            file.seek(headerBytes);
            file.write(new byte[]{0, 0, 0x28, 0x42}); // row 0, value 0 := 42: proves batch 0 is not recomputed
        }
        Activations resumed = activations().load(source);

        assertEquals(42f, resumed.values()[0]);
        assertArrayEquals(java.util.Arrays.copyOfRange(clean.values(), 1, clean.values().length),
                java.util.Arrays.copyOfRange(resumed.values(), 1, resumed.values().length));
        assertTrue(cache.complete());
        // batch 1's rows are at their place in the file: context 8's content tokens from row 80 on
        TokenContexts contexts;
        try (TextTokenizer tokenizer = minilm.tokenizer()) {
            contexts = TokenContexts.pack(TextCorpus.open("speeches.txt", home.resolve("data")), tokenizer, LENGTH, tokens);
        }
        INDArray batch1 = new BertEncoder(minilm.weights(), false, 0).activations(contexts.input(8, 1), 8,
                Hook.parse("embed").orElseThrow());
        for (int row = 80; row < tokens; row++) {
            assertArrayEquals(batch1.getRow(1 + row - 80).toFloatVector(),
                    java.util.Arrays.copyOfRange(resumed.values(), row * 384, (row + 1) * 384), 1e-6f, "row " + row);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndNothingIsWritten() throws IOException {
        writeText();
        Map<SourceConfig, String> cases = Map.of(
                source("resid.6", "speeches.txt", TransformerWeights.TRAINED, TOKENS), "source.hook = \"resid.6\": all-minilm-l6-v2 has blocks 0 to 5",
                source("embed", "missing.txt", TransformerWeights.TRAINED, TOKENS), "source.text = \"missing.txt\": no such file",
                source("embed", "speeches.csv", TransformerWeights.TRAINED, TOKENS), "source.text = \"speeches.csv\": expected europarl, a .txt or a .jsonl file",
                source("embed", "speeches.txt", TransformerWeights.TRAINED, 1000), "source.text = \"",
                source("token-embeddings", "speeches.txt", TransformerWeights.NOISE_EMBEDDINGS, TOKENS), "source.hook = token-embeddings reads the embedding matrix");
        for (Map.Entry<SourceConfig, String> c : cases.entrySet()) {
            BadInputException e = assertThrows(BadInputException.class, () -> activations().load(c.getKey()));
            assertTrue(e.getMessage().startsWith(c.getValue()), e.getMessage());
        }
        assertEquals(5, cases.size());
        assertFalse(Files.exists(home.resolve("data/activations")));
    }

    @Test
    void aFileThatIsNotABertEncoderIsRefused() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.write(home.resolve("data/model.onnx"), new byte[]{8, 7, 18, 3, 'a', 'b', 'c'});
        Files.writeString(home.resolve("data/tokenizer.json"), "{}");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TransformerModel.fromFiles(home.resolve("data/model.onnx"), home.resolve("data/tokenizer.json")));
        assertTrue(e.getMessage().contains("not a BERT-family encoder") || e.getMessage().contains("no graph"), e.getMessage());
    }

    @Test
    void randomWeightsAreRedrawnFromBertsInitialisationAndSeeded() {
        BertWeights random = WeightInit.apply(TransformerWeights.RANDOM, minilm.weights(), 5);
        BertWeights again = WeightInit.apply(TransformerWeights.RANDOM, minilm.weights(), 5);
        BertWeights keepEmbeddings = WeightInit.apply(TransformerWeights.RANDOM_EXCEPT_EMBEDDINGS, minilm.weights(), 5);
        float[] query = random.block(2, "attention.self.query.weight").values();
        double sum = 0;
        double squares = 0;
        for (float v : query) {
            sum += v;
            squares += v * v;
        }
        double std = Math.sqrt(squares / query.length - Math.pow(sum / query.length, 2));

        assertEquals(0.02, std, 0.0005);
        assertArrayEquals(query, again.block(2, "attention.self.query.weight").values());
        assertArrayEquals(new float[384], java.util.Arrays.copyOf(random.get(BertWeights.WORDS).values(), 384));
        assertEquals(1f, random.block(0, "output.LayerNorm.weight").values()[7]);
        assertEquals(0f, random.block(0, "output.dense.bias").values()[7]);
        assertArrayEquals(minilm.weights().get(BertWeights.WORDS).values(), keepEmbeddings.get(BertWeights.WORDS).values());
        assertArrayEquals(query, keepEmbeddings.block(2, "attention.self.query.weight").values());
    }
}
