package dev.superpose.cli;

import dev.superpose.data.source.transformer.ActivationCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transformer activations survive a real {@code kill -9} (issue 15): a sweep whose first step
 * extracts MiniLM activations runs in a child JVM that is killed with SIGKILL once some batches
 * are recorded; the rerun computes only the batches that were not, and the cache it ends with is
 * byte for byte an uninterrupted extraction's. What a killed run left is never taken as complete.
 */
class ExtractionKillTest {
    /** 24 batches of 8 contexts × 62 content tokens: seconds of extraction, so the kill lands inside it. */
    private static final int BATCHES = 24;
    private static final int TOKENS = BATCHES * 8 * 62;
    private static final String SWEEP = """
            sweep { name = extraction, experiment = sae, seeds = [0] }
            source { kind = transformer, hook = resid.2, context-length = 64, tokens = %d }
            sae { architecture = topk, latents = 64, k = 4 }
            train { steps = 5, batch-size = 64, log-every = 5 }
            """.formatted(TOKENS);

    @TempDir
    Path dir;

    @Test
    void anExtractionKilledMidwayResumesAtItsFirstUnrecordedBatchAndEndsBitForBitAsAnUninterruptedOne()
            throws Exception {
        Path file = dir.resolve("extraction.conf");
        Files.writeString(file, SWEEP);

        Path killed = dir.resolve("killed");
        Process run = start(file, killed, "first.log");
        ActivationCache cache = awaitSomeBatches(killed, run);
        run.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        int recorded = cache.batchesDone();
        assertTrue(recorded >= 1 && recorded < BATCHES, "killed mid-extraction, after batch " + recorded
                + "\n" + Files.readString(killed.resolve("first.log")));
        assertFalse(cache.complete(), "a killed extraction is not complete");
        byte[] partial = Files.readAllBytes(cache.data());

        Path reference = dir.resolve("reference");
        assertEquals(0, runToEnd(file, reference, "run.log"), Files.readString(reference.resolve("run.log")));
        assertEquals(0, runToEnd(file, killed, "second.log"), Files.readString(killed.resolve("second.log")));

        ActivationCache clean = cacheIn(reference).orElseThrow();
        assertEquals(cache.data().getFileName(), clean.data().getFileName(), "the same settings, the same cache");
        assertTrue(cache.complete());
        assertEquals(List.of(Map.of("first_batch", 0, "batches", BATCHES)), clean.runs());
        assertEquals(List.of(Map.of("first_batch", 0, "batches", recorded),
                Map.of("first_batch", recorded, "batches", BATCHES - recorded)), cache.runs(),
                "the rerun computed only the batches the killed run had not recorded");
        assertTrue(Files.readString(killed.resolve("second.log")).contains("activations resid.2: " + recorded + " of "
                + BATCHES + " batches already in " + cache.data() + "; resuming at batch " + (recorded + 1)));

        byte[] expected = Files.readAllBytes(clean.data());
        assertArrayEquals(expected, Files.readAllBytes(cache.data()), "activations");
        assertArrayEquals(Files.readAllBytes(clean.tokens()), Files.readAllBytes(cache.tokens()), "token table");
        // what the killed run had recorded was durable: its batches' rows are already the final ones
        int recordedBytes = partial.length - (TOKENS - recorded * 8 * 62) * 384 * Float.BYTES;
        assertArrayEquals(Arrays.copyOf(expected, recordedBytes), Arrays.copyOf(partial, recordedBytes));
        Map<String, Object> finished = cache.description().orElseThrow();
        Map<String, Object> uninterrupted = clean.description().orElseThrow();
        for (Map<String, Object> sidecar : List.of(finished, uninterrupted)) {
            sidecar.remove("runs");
            sidecar.remove("tokens_per_second");
        }
        assertEquals(uninterrupted, finished);
        for (String table : List.of("trials.csv", "latents.csv")) {
            SweepHome.assertSameTable(reference.resolve("results/extraction/" + table),
                    killed.resolve("results/extraction/" + table));
        }
    }

    /** The cache once it records at least one batch (the run is then extracting, not yet training). */
    private static ActivationCache awaitSomeBatches(Path home, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && run.isAlive()) {
            var cache = cacheIn(home);
            if (cache.isPresent() && cache.get().batchesDone() >= 1) {
                return cache.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no batch recorded; the run " + (run.isAlive() ? "is still going" : "ended") + ":\n"
                + Files.readString(home.resolve("first.log")));
    }

    private static java.util.Optional<ActivationCache> cacheIn(Path home) throws IOException {
        Path folder = home.resolve("data/activations");
        if (!Files.isDirectory(folder)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .findFirst().map(n -> new ActivationCache(folder, n.substring(0, n.length() - ".json".length())));
        }
    }

    private static Process start(Path file, Path home, String log) throws IOException {
        return SuperposeProcess.start(home.resolve(log), List.of(),
                "run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
    }

    private static int runToEnd(Path file, Path home, String log) throws Exception {
        Process run = start(file, home, log);
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "the run finishes");
        return run.exitValue();
    }
}
