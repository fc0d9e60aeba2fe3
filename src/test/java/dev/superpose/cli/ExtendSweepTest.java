package dev.superpose.cli;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `run` on an existing sweep with more seeds and grid values: the finished trials keep their ids,
 * results and weights, only the new ones are trained; any other change is refused.
 */
class ExtendSweepTest {
    @TempDir
    static Path home;
    private static Path file;
    /** trials.csv of the first run, by trial id. */
    private static Map<String, CSVRecord> before;
    private static Map<String, byte[]> weightsBefore;
    private static CliRun extended;

    private static CliRun run(String... sets) {
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0"));
        for (String set : sets) {
            args.addAll(List.of("--set", set));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Map<String, CSVRecord> trials() throws IOException {
        List<CSVRecord> rows = SweepHome.read(home.resolve("results/grow/trials.csv"));
        Map<String, CSVRecord> byId = new LinkedHashMap<>();
        rows.subList(1, rows.size()).forEach(r -> byId.put(r.get(0), r));
        return byId;
    }

    private static Map<String, byte[]> weights() throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        try (var files = Files.list(home.resolve("models/grow"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".npz")).sorted().toList()) {
                bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return bytes;
    }

    @BeforeAll
    static void runThenExtend() throws IOException {
        file = Files.writeString(home.resolve("grow.conf"), """
                sweep {
                  name = grow
                  experiment = tms
                  seeds = [0, 1]
                  grid { "data.feature-probability" = [1, 0.1] }
                }
                model { features = 4, hidden = 2 }
                train { steps = 100, batch-size = 32, log-every = 50 }
                """);
        CliRun first = run();
        assertEquals(0, first.exitCode(), first.err());
        before = trials();
        weightsBefore = weights();
        extended = run("sweep.seeds=[0, 1, 2]", "grid.data.feature-probability=[1, 0.1, 0.01]");
    }

    @Test
    void theNewTrialsAreAddedAndTrainedWithNewIds() throws IOException {
        assertEquals(0, extended.exitCode(), extended.err());
        assertTrue(extended.err().contains("sweep grow extended by 5 trials (9 in all)"), extended.err());
        assertTrue(extended.out().startsWith("sweep grow: 9 trials, 9 done, 0 diverged, 0 failed"), extended.out());
        Map<String, CSVRecord> after = trials();
        assertEquals(List.of("t0000", "t0001", "t0002", "t0003", "t0004", "t0005", "t0006", "t0007", "t0008"),
                List.copyOf(after.keySet()));
    }

    @Test
    void theFinishedTrialsKeepTheirIdsResultsAndWeights() throws IOException {
        Map<String, CSVRecord> after = trials();
        for (Map.Entry<String, CSVRecord> old : before.entrySet()) {
            assertEquals(old.getValue().toList(), after.get(old.getKey()).toList(), "trial " + old.getKey());
        }
        Map<String, byte[]> weightsAfter = weights();
        assertEquals(4, weightsBefore.size(), weightsBefore.keySet().toString());
        weightsBefore.forEach((name, bytes) -> assertArrayEquals(bytes, weightsAfter.get(name), name + " was retrained"));
        assertEquals(9, weightsAfter.size(), weightsAfter.keySet().toString());
    }

    @Test
    void theExtendedSweepResumesAndExportsAsItIs() throws IOException {
        Map<String, CSVRecord> after = trials();
        CliRun again = run("sweep.seeds=[0, 1, 2]", "grid.data.feature-probability=[1, 0.1, 0.01]");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.err().contains("extended"), again.err());
        assertEquals(after.keySet(), trials().keySet());

        CliRun export = CliRun.of("export", "grow", "--home", home.toString());
        assertEquals(0, export.exitCode(), export.err());
        Map<String, CSVRecord> exported = trials();
        after.forEach((id, row) -> assertEquals(row.toList(), exported.get(id).toList(), "exported trial " + id));

        CliRun status = CliRun.of("status", "--home", home.toString());
        assertTrue(status.lines().get(1).matches("grow +tms +done +9 +0 +0 +0 +0 +900/900 .*"), status.out());
    }

    @Test
    void anyOtherChangeIsRefusedSayingWhatDifferedAndWhatToDo() {
        CliRun steps = run("sweep.seeds=[0, 1, 2, 3]", "train.steps=50");
        assertEquals(Main.EXIT_BAD_INPUT, steps.exitCode());
        assertTrue(steps.err().contains("train.steps: 100 -> 50"), steps.err());
        assertTrue(steps.err().contains("it is not an extension: settings other than the seeds and the grid's values changed"),
                steps.err());
        assertTrue(steps.err().contains("--set sweep.name=NEW; to replace it, remove it first: "
                + ShellCommand.of("rm", "grow", "--home", home.toString())),
                steps.err());

        CliRun fewer = run("sweep.seeds=[0, 1, 2]", "grid.data.feature-probability=[1, 0.01]");
        assertEquals(Main.EXIT_BAD_INPUT, fewer.exitCode());
        assertTrue(fewer.err().contains("values that have trials were removed (data.feature-probability lost [0.1])"),
                fewer.err());
    }
}
