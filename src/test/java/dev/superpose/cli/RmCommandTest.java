package dev.superpose.cli;

import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.HomeLock;
import dev.superpose.store.StackRepository;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.TrialRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `rm` in-process on a home where two tiny sweeps (2 trials x 100 steps each) have run. */
class RmCommandTest {
    @TempDir
    Path home;

    private Path sweepFile(String name) throws IOException {
        return Files.writeString(home.resolve(name + ".conf"), """
                sweep { name = %s, experiment = tms, seeds = [0, 1] }
                model { features = 4, hidden = 2 }
                train { steps = 100, batch-size = 32, log-every = 50 }
                """.formatted(name));
    }

    private void run(String name) throws IOException {
        CliRun run = CliRun.of("run", sweepFile(name).toString(), "--home", home.toString(), "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run.err());
    }

    @BeforeEach
    void twoSweeps() throws IOException {
        run("keep");
        run("drop");
    }

    @Test
    void removesTheRowsResultsAndWeightsOfOneSweepOnly() throws Exception {
        long dropped = sweepId("drop");
        long kept = sweepId("keep");
        CliRun rm = CliRun.of("rm", "drop", "--yes", "--home", home.toString());

        assertEquals(0, rm.exitCode(), rm.err());
        assertTrue(rm.out().startsWith("removed sweep drop (2 trials, done), "), rm.out());
        assertFalse(Files.exists(home.resolve("results/drop")));
        assertFalse(Files.exists(home.resolve("models/drop")));
        assertTrue(Files.exists(home.resolve("results/keep/trials.csv")));
        assertTrue(Files.isDirectory(home.resolve("models/keep")));
        try (Database db = Database.openReadOnly(home)) {
            assertTrue(new SweepRepository(db).findByName("drop").isEmpty());
            assertTrue(new SweepRepository(db).findByName("keep").isPresent());
        }
        try (Database db = Database.openReadOnly(home)) {
            assertEquals(0, new TrialRepository(db).list(dropped).size());
            assertEquals(0, new StackRepository(db).list(dropped).size());
            assertEquals(0, new StepMetricRepository(db).lossCurves(dropped).size());
            assertEquals(0, new EventRepository(db).recent(dropped, 10).size());
            assertEquals(2, new TrialRepository(db).list(kept).size());
            assertEquals(2, new StepMetricRepository(db).lossCurves(kept).size());
        }

        CliRun status = CliRun.of("status", "--home", home.toString());
        assertEquals(2, status.lines().size(), status.out());
        assertTrue(status.lines().get(1).startsWith("keep "), status.out());

        CliRun again = CliRun.of("run", sweepFile("drop").toString(), "--home", home.toString(), "--metrics-port", "0",
                "--set", "train.steps=50");
        assertEquals(0, again.exitCode(), "the name is free for another config: " + again.err());
    }

    @Test
    void withoutATerminalItRemovesNothingUnlessToldYes() {
        CliRun rm = CliRun.of("rm", "drop", "--home", home.toString());

        assertEquals(Main.EXIT_BAD_INPUT, rm.exitCode());
        assertTrue(rm.err().contains("rm drop: the input is not a terminal to ask on; add --yes"), rm.err());
        assertTrue(Files.exists(home.resolve("results/drop/trials.csv")));
    }

    @Test
    void refusesWhileARunHoldsTheHome() {
        try (HomeLock run = HomeLock.acquire(home)) {
            CliRun rm = CliRun.of("rm", "drop", "--yes", "--home", home.toString());
            assertEquals(Main.EXIT_BAD_INPUT, rm.exitCode());
            assertTrue(rm.err().contains("another superpose run"), rm.err());
        }
        assertTrue(Files.exists(home.resolve("results/drop/trials.csv")));
    }

    @Test
    void anUnknownSweepIsBadInputNamingTheStatusCommand() {
        CliRun rm = CliRun.of("rm", "nope", "--yes", "--home", home.toString());

        assertEquals(Main.EXIT_BAD_INPUT, rm.exitCode());
        assertTrue(rm.err().contains("no sweep 'nope' in " + home), rm.err());
    }

    private long sweepId(String name) {
        try (Database db = Database.openReadOnly(home)) {
            return new SweepRepository(db).findByName(name).orElseThrow().id();
        }
    }
}
