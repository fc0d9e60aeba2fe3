package dev.superpose.bench;

import dev.superpose.data.source.transformer.Hook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transformer benchmark times the same computation on both sides and prints what it measured. */
class TransformerBenchmarkTest {
    @Test
    void aShortRunComparesTheSameForwardPassAndPrintsEachRoundAndTheMedians() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TransformerBenchmark.Summary summary = new TransformerBenchmark(new PrintStream(bytes, true,
                StandardCharsets.UTF_8), 2, 1, 16, Hook.parse("resid.1").orElseThrow()).run();
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(summary.difference() < 1e-4, "the two forward passes agree: " + summary.difference());
        assertTrue(summary.toHook() > 0 && summary.fullModel() > 0 && summary.onnxRuntime() > 0, out);
        assertEquals(summary.fullModel() / summary.onnxRuntime(), summary.ratio(), 1e-12);
        assertTrue(out.startsWith("machine: "), out);
        assertTrue(out.contains("2 passes of 8 contexts x 16 tokens per round, 1 rounds; superpose to resid.1"), out);
        assertTrue(out.contains("round 1: superpose to resid.1 "), out);
        assertTrue(out.contains(String.format("ratio superpose/ORT (full model) %.3f", summary.ratio())), out);
    }
}
