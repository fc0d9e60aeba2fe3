package dev.superpose.eval;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.TrialSpec;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.transformer.TransformerActivations;
import dev.superpose.model.sae.SaeWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An SAE sweep's evaluations on a transformer's activations read the model once and build one
 * probe per data key, however many stacks they evaluate. Each stack used to build its own probe:
 * read and parse the 90 MB model, re-tokenise the text, rerun the clean and ablated passes.
 */
class TransformerProbesTest {
    @TempDir
    Path home;

    @Test
    void stacksOfTwoWeightSettingsReadTheModelOnceAndShareTheirKeysProbe() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/speeches.txt"), IntStream.range(0, 40)
                .mapToObj(i -> "Speech " + i + ": the committee adopted report " + i + " after a debate on fisheries.")
                .collect(Collectors.joining("\n")));
        Path file = home.resolve("probes.conf");
        Files.writeString(file, """
                sweep { name = probes, experiment = sae, seeds = [0]
                  grid { "source.weights" = [trained, random], "sae.architecture" = [topk, relu] } }
                source { kind = transformer, hook = resid.1, text = speeches.txt, context-length = 12, tokens = 40,
                  standardize = unit-norm, test-fraction = 0.25 }
                sae { latents = 16, k = 4 }
                """);
        SweepPlan plan = SweepLoader.load(file, List.of());
        AtomicInteger reads = new AtomicInteger();
        TransformerActivations activations = new TransformerActivations(home, System.err);
        TransformerProbes probes = new TransformerProbes(home, t -> {
            reads.incrementAndGet();
            return activations.model(t);
        });
        SaeSweepOutputs outputs = new SaeSweepOutputs(home, probes);

        for (TrialSpec trial : plan.trials()) { // each trial a stack of its own, as the architectures differ
            TrialConfig config = trial.config();
            SaeWeights weights = SaeWeights.initial(trial.seed(), 384, 16, false, new double[384]);
            Map<String, Double> metrics = outputs.metrics(List.of(config), List.of(weights.toTrialWeights())).get(0);
            assertTrue(metrics.get("downstream_recovered") <= 1 && metrics.get("ablation_distance") > 0,
                    metrics.toString());
        }

        assertEquals(1, reads.get(), "model reads for 4 stacks on 2 weight settings");
        Set<SaeDataKey> keys = plan.trials().stream().map(t -> SaeDataKey.of(t.config())).collect(Collectors.toSet());
        assertEquals(2, keys.size());
        for (SaeDataKey key : keys) {
            assertSame(probes.of(key).orElseThrow(), probes.of(key).orElseThrow(), "the export's probe is the evaluations'");
        }
    }
}
