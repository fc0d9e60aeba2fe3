package dev.superpose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Miniature versions of the literature presets (issue 5), run through the command line: each
 * sweep whose grid has the shape of a paper's experiment gets that experiment's figures and
 * tables. What the figures show is tested with the analyses and figure classes themselves.
 */
class LiteratureSweepsTest {
    @TempDir
    Path home;

    private Path run(String name, String body) throws IOException {
        Path file = home.resolve(name + ".conf");
        Files.writeString(file, body.replace("NAME", name));
        CliRun run = CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return home.resolve("results").resolve(name);
    }

    private static void assertFiles(Path dir, List<String> names) {
        for (String name : names) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), "missing " + dir.resolve(name));
        }
    }

    @Test
    void aSparsityGridGetsTheSparsitySweepAndWithUniformImportanceTheDimensionalityFigure() throws IOException {
        Path results = run("sparsity", """
                sweep { name = NAME, experiment = tms, seeds = [0]
                  grid { "model.variant" = [linear, relu-output], "data.feature-probability" = [1, 0.1] } }
                model { features = 5, hidden = 2 }
                data.importance-decay = 1
                train { steps = 100, batch-size = 64, log-every = 50 }
                """);
        assertFiles(results, List.of("plots/sparsity-sweep.png", "plots/feature-dimensionality.png"));
    }

    @Test
    void aLastImportanceByProbabilityGridOnTwoFeaturesInOneDimensionGetsThePhaseDiagram() throws IOException {
        Path results = run("phase", """
                sweep { name = NAME, experiment = tms, seeds = [0, 1]
                  grid { "data.last-importance" = [0.5, 2], "data.feature-probability" = [1, 0.05] } }
                model { features = 2, hidden = 1 }
                data.importance-decay = 1
                train { steps = 100, batch-size = 64, log-every = 50 }
                """);
        assertFiles(results, List.of("plots/phase-diagram.png"));
    }

    @Test
    void featureSetsGetDirectionsColouredBySet() throws IOException {
        Path results = run("sets", """
                sweep { name = NAME, experiment = tms, seeds = [0] }
                model { features = 6, hidden = 2 }
                data { anticorrelated-sets = 3, set-size = 2, feature-probability = 0.2 }
                train { steps = 100, batch-size = 64, log-every = 50 }
                """);
        assertFiles(results, List.of("plots/feature-directions-by-set.png"));
    }

    @Test
    void aGridOverDataSetSizesGetsTheDoubleDescentFiguresAndATestLoss() throws IOException {
        Path results = run("dd", """
                sweep { name = NAME, experiment = tms, seeds = [0], grid { "data.dataset-size" = [3, 30] } }
                model { features = 50, hidden = 2 }
                data { feature-probability = 0.05, importance-decay = 1, unit-norm = true }
                train { steps = 200, log-every = 50, lr = 1e-2 }
                """);
        assertFiles(results, List.of("plots/double-descent-geometry.png", "plots/double-descent-dimensionality.png",
                "plots/double-descent-loss.png"));
        List<String> rows = Files.readAllLines(results.resolve("trials.csv"));
        assertTrue(rows.get(0).startsWith("trial_id,seed,status,data.dataset-size,loss,test_loss,"), rows.get(0));
        // three points are memorised: the training loss ends far below the loss on fresh samples
        String[] three = rows.get(1).split(",");
        assertTrue(Double.parseDouble(three[4]) < 0.1 * Double.parseDouble(three[5]), rows.get(1));
    }

    @Test
    void tmsAbsGetsItsNeuronTableAndFigure() throws IOException {
        Path results = run("abs", """
                sweep { name = NAME, experiment = tms-abs, seeds = [0] }
                model { features = 3, hidden = 6 }
                data { magnitude = signed-uniform, feature-probability = 1, importance-decay = 0.8 }
                train { steps = 300, batch-size = 128, lr = 1e-2, log-every = 100 }
                """);
        assertFiles(results, List.of("neurons.csv", "plots/neurons.png"));
        assertEquals(1 + 6 * 3, Files.readAllLines(results.resolve("neurons.csv")).size());
        assertTrue(Files.readAllLines(results.resolve("trials.csv")).get(0)
                .endsWith("loss,monosemantic_neurons,polysemantic_neurons,dead_neurons,loss_flag"));
    }
}
