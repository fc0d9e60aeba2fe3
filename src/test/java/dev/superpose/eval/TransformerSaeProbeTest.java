package dev.superpose.eval;

import dev.superpose.analysis.transformer.DownstreamFidelity;
import dev.superpose.config.SaeTarget;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TransformerConfig;
import dev.superpose.config.TransformerWeights;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.transformer.TransformerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downstream fidelity through MiniLM's own forward pass: splicing in the activation itself
 * recovers all of the ablation's distance, splicing in zeros none, a half-scaled activation
 * something in between; and held-out rows map back to their text.
 */
class TransformerSaeProbeTest {
    /** 3 contexts of 10 content tokens; the documents after them are the held-out sentences. */
    private static final int TOKENS = 30;

    @TempDir
    static Path home;

    /** The model, read once for the probes of every test. */
    private static Function<TransformerConfig, TransformerModel> minilm;

    @BeforeAll
    static void writeText() throws IOException {
        TransformerModel model = TransformerModel.minilm();
        minilm = t -> model;
        Files.createDirectories(home.resolve("data"));
        String lines = IntStream.range(0, 40).mapToObj(i -> "Speech " + i + ": the committee adopted report "
                + (i * 7 % 13) + " after a debate on fisheries, ça coûte cher.").collect(Collectors.joining("\n"));
        Files.writeString(home.resolve("data/speeches.txt"), lines);
    }

    private static TransformerSaeProbe probe(String hook, SourceConfig.Standardization standardization) {
        SourceConfig source = new SourceConfig(SourceKind.TRANSFORMER, SourceKind.SHARKEY, null, 1, 1, 1, 1, 2, null,
                standardization, 0.2, 5, SourceConfig.SharkeyRecipe.COPULA,
                SourceConfig.GaussianMoments.PER_DIMENSION, SourceConfig.FfnInit.HE, false, null,
                new TransformerConfig(TransformerConfig.MINILM, null, TransformerWeights.TRAINED, hook, "speeches.txt",
                        12, TOKENS));
        return TransformerSaeProbe.of(home, new SaeDataKey(source, null, null, SaeTarget.INPUT), minilm).orElseThrow();
    }

    @Test
    void anIdentitySaeRecoversOneAndAZeroReconstructionZero() {
        for (String hook : new String[]{"embed", "mlp.1", "resid.4"}) {
            TransformerSaeProbe probe = probe(hook, SourceConfig.Standardization.NONE);
            assertTrue(probe.sentenceCount() > 30, "held-out sentences: " + probe.sentenceCount());

            DownstreamFidelity identity = probe.fidelity(x -> x.clone()).orElseThrow();
            DownstreamFidelity zero = probe.fidelity(x -> new float[x.length]).orElseThrow();
            DownstreamFidelity half = probe.fidelity(x -> scaled(x, 0.5f)).orElseThrow();

            assertTrue(identity.ablatedDistance() > 1e-3, hook + ": ablation must change the output");
            assertEquals(1.0, identity.recovered(), 1e-9, hook);
            assertEquals(0.0, zero.recovered(), 1e-12, hook);
            assertTrue(half.recovered() > 0 && half.recovered() < 1, hook + ": " + half.recovered());
        }
    }

    @Test
    void theReconstructionIsMappedBackFromTheStandardisedScale() {
        // an SAE on unit-norm rows reconstructs unit-norm rows: spliced back at their norms they are the activation
        TransformerSaeProbe probe = probe("resid.2", SourceConfig.Standardization.UNIT_NORM);
        float[][] seen = new float[1][];
        DownstreamFidelity identity = probe.fidelity(x -> {
            seen[0] = x;
            return x.clone();
        }).orElseThrow();
        assertEquals(1.0, identity.recovered(), 1e-4);
        double norm = 0;
        for (int c = 0; c < 384; c++) {
            norm += seen[0][c] * seen[0][c];
        }
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void heldOutRowsMapBackToTheirTokenInTheText() {
        TransformerSaeProbe probe = probe("resid.0", SourceConfig.Standardization.NONE);
        int[] tokens = probe.testTokens(6); // test-fraction 0.2 of 30 rows
        for (int i = 0; i < tokens.length; i++) {
            TransformerSaeProbe.TokenSource source = probe.source(i);
            String document = probe.documents(Set.of(source.document())).get(source.document());
            // the uncased WordPiece vocabulary holds the text lower-cased with its accents stripped
            String surface = Normalizer.normalize(document.substring(source.start(), source.end()).toLowerCase(),
                    Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            String entry = probe.token(tokens[i]).replace("##", "");
            assertEquals(probe.token(tokens[i]), source.token());
            assertEquals(surface, entry);
        }
    }

    private static float[] scaled(float[] x, float factor) {
        float[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }
}
