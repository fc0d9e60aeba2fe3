package dev.superpose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `export` writes a finished sweep's tables again from the database and weights alone. */
class ExportCommandTest {
    @TempDir
    Path home;

    @Test
    void exportRewritesTheTablesARunWrote() throws IOException {
        Path file = home.resolve("two-axes.conf");
        // axes written in non-alphabetical order: the stored plan must keep it
        Files.writeString(file, """
                sweep { name = two-axes, experiment = tms, seeds = [0, 1]
                  grid { "model.variant" = [relu-output, linear], "data.feature-probability" = [1, 0.1] } }
                train { steps = 100, batch-size = 64, log-every = 50 }
                """);
        assertEquals(0, CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0").exitCode());
        Path results = home.resolve("results/two-axes");
        String trials = Files.readString(results.resolve("trials.csv"));
        String features = Files.readString(results.resolve("features.csv"));
        Files.delete(results.resolve("trials.csv"));
        Files.delete(results.resolve("features.csv"));
        Files.delete(results.resolve("plots/gram.png"));

        CliRun export = CliRun.of("export", "two-axes", "--home", home.toString());
        assertEquals(0, export.exitCode(), export.out() + export.err());
        assertEquals(trials, Files.readString(results.resolve("trials.csv")));
        assertEquals(features, Files.readString(results.resolve("features.csv")));
        assertTrue(Files.isRegularFile(results.resolve("plots/gram.png")));
    }

    @Test
    void anUnknownSweepOrFormatIsBadInput() throws IOException {
        CliRun noDatabase = CliRun.of("export", "nothing", "--home", home.toString());
        assertEquals(2, noDatabase.exitCode());
        assertTrue(noDatabase.err().contains("no superpose database"), noDatabase.err());
        Path file = home.resolve("one.conf");
        Files.writeString(file, """
                sweep { name = one, experiment = tms, seeds = [0] }
                train { steps = 50, batch-size = 32, log-every = 50 }
                """);
        assertEquals(0, CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0").exitCode());
        CliRun unknown = CliRun.of("export", "two", "--home", home.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("no sweep 'two'"), unknown.err());
        CliRun format = CliRun.of("export", "one", "--home", home.toString(), "--format", "parquet");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("--format parquet: expected csv"), format.err());
    }
}
