package dev.superpose.train;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.TrialSpec;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.orchestrator.StackAssignment;
import dev.superpose.orchestrator.StackPlanner;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stack holds one data stream: trials whose data differ are never packed together. */
class SaeStackKeyTest {
    @TempDir
    Path home;

    private SweepPlan plan(String settings) throws IOException {
        Path file = home.resolve("sae.conf");
        Files.writeString(file, settings);
        return SweepLoader.load(file, List.of());
    }

    private static List<TrialConfig> configs(SweepPlan plan) {
        return plan.trials().stream().map(TrialSpec::config).toList();
    }

    @Test
    void tmsSourceTrialsWithDifferentInputDataGoToDifferentStacks() throws IOException {
        SweepPlan plan = plan("""
                sweep { name = s, experiment = sae, seeds = [0, 1]
                  grid { "data.feature-probability" = [0.05, 0.5] } }
                source { kind = tms, trial = "toy/t0000", samples = 400 }
                model { features = 5, hidden = 2 }
                sae.latents = 5
                """);
        List<StackAssignment> stacks = StackPlanner.plan(plan.trials(), 100);
        assertEquals(2, stacks.size(), "one stack per feature probability");
        for (StackAssignment stack : stacks) {
            assertEquals(1, stack.configs().stream().map(c -> c.data().featureProbability()).distinct().count(),
                    stack.toString());
        }
    }

    @Test
    void settingsASourceDoesNotReadDoNotSplitStacks() throws IOException {
        SweepPlan plan = plan("""
                sweep { name = s, experiment = sae, seeds = [0, 1]
                  grid { "data.feature-probability" = [0.05, 0.5] } }
                source { kind = sharkey, dim = 4, features = 6, mean-active = 1, samples = 200 }
                sae.latents = 8
                """);
        List<TrialConfig> trials = configs(plan);
        assertEquals(SaeDataKey.of(trials.get(0)), SaeDataKey.of(trials.get(3)));
        assertEquals(1, StackPlanner.plan(plan.trials(), 100).size());
    }

    @Test
    void eachTmsSourceTrialIsTrainedAndEvaluatedOnItsOwnInputs() throws IOException {
        Files.createDirectories(home.resolve("models/toy"));
        float[] w = {1, 0, 0.5f, -1, 0, 0, 1, -0.5f, 0, 1};
        NpzWriter.write(home.resolve("models/toy/t0000.npz"), List.of(NpyArray.of("W", new int[]{2, 5}, w)));
        List<TrialConfig> trials = configs(plan("""
                sweep { name = s, experiment = sae, seeds = [0]
                  grid { "data.feature-probability" = [0.05, 0.5] } }
                source { kind = tms, trial = "toy/t0000", samples = 400 }
                model { features = 5, hidden = 2 }
                sae.latents = 5
                """));
        assertNotEquals(SaeDataKey.of(trials.get(0)), SaeDataKey.of(trials.get(1)));
        SaeDataLoader loader = new SaeDataLoader(home);
        SaeData sparse = loader.load(SaeDataKey.of(trials.get(0)));
        SaeData dense = loader.load(SaeDataKey.of(trials.get(1)));
        assertFalse(Arrays.equals(sparse.train().values(), dense.train().values()));
        assertTrue(zeroRows(sparse) > 3 * zeroRows(dense),
                "p = 0.05 leaves many more all-zero rows than p = 0.5: " + zeroRows(sparse) + " vs " + zeroRows(dense));
    }

    private static int zeroRows(SaeData data) {
        int zero = 0;
        for (int r = 0; r < data.train().rows(); r++) {
            boolean all = true;
            for (int d = 0; d < data.dim(); d++) {
                all &= data.train().get(r, d) == 0;
            }
            zero += all ? 1 : 0;
        }
        return zero;
    }
}
