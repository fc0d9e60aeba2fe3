package dev.superpose.cli;

import dev.superpose.store.Lifecycle.StackStatus;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Database;
import dev.superpose.store.HomeLock;
import dev.superpose.store.StackRepository;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.TrialRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `status` in-process on a home where a tiny sweep (4 trials x 300 steps, one stack) has run. */
class StatusCommandTest {

    @TempDir
    static Path home;


    @BeforeAll
    static void runTinySweep() throws IOException {
        Path sweepFile = home.resolve("tiny.conf");
        Files.writeString(sweepFile, """
                sweep {
                  name = tiny
                  experiment = tms
                  seeds = [0, 1]
                  grid { "data.feature-probability" = [1, 0.05] }
                }
                model { features = 5, hidden = 2 }
                train { steps = 300, batch-size = 64, log-every = 100 }
                """);
        CliRun run = CliRun.of("run", sweepFile.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run.err());
    }


    private static List<String> cells(String line) {
        return List.of(line.trim().split(" {2,}"));
    }

    @Test
    void everySweepGetsOneAlignedRowWithItsCounts() {
        CliRun status = CliRun.of("status", "--home", home.toString());

        assertEquals(0, status.exitCode(), status.err());
        assertEquals(2, status.lines().size(), status.out());
        String header = status.lines().get(0);
        String row = status.lines().get(1);
        assertEquals(header.indexOf("STEPS/S"), row.indexOf(cells(row).get(9)), "columns are aligned:\n" + status.out());
        List<String> cells = cells(row);
        assertEquals(List.of("tiny", "tms", "done", "4", "0", "0", "0", "0", "1200/1200 (100%)"),
                cells.subList(0, 9), row);
        assertEquals("0:00:00", cells.get(10), "nothing remains");
        assertTrue(cells.get(11).startsWith("done "), cells.get(11));
        assertEquals("-", cells.get(12), "no error");
    }

    @Test
    void aFinishedSweepShowsItsMeanThroughput() {
        String rate = cells(CliRun.of("status", "--home", home.toString()).lines().get(1)).get(9);
        assertTrue(rate.matches("[0-9.]+ mean") && Double.parseDouble(rate.split(" ")[0]) > 0, rate);
    }

    @Test
    void aSweepLeftRunningByAKilledRunIsShownInterruptedWithoutRunningTrialsOrEta(@TempDir Path copy)
            throws IOException {
        Files.createDirectories(copy.resolve("results"));
        for (String file : List.of("superpose.mv.db", "superpose.admin")) {
            Files.copy(home.resolve("results").resolve(file), copy.resolve("results").resolve(file));
        }
        try (Database db = Database.open(copy)) {
            long id = new SweepRepository(db).findByName("tiny").orElseThrow().id();
            new SweepRepository(db).setStatus(id, SweepState.RUNNING); // as a kill -9 leaves it
            new TrialRepository(db).setStatus(id, List.of("t0000", "t0001"), TrialStatus.RUNNING, null);
        }

        List<String> cells = cells(CliRun.of("status", "--home", copy.toString()).lines().get(1));

        assertEquals(List.of("tiny", "tms", "interrupted", "2", "0", "2"), cells.subList(0, 6), "no trial runs");
        assertTrue(cells.get(9).endsWith(" mean"), "no live rate: " + cells);
        assertEquals("-", cells.get(10), "no ETA: " + cells);
    }

    @Test
    void aRunningSweepListsItsTrainersByNodeAndDevice(@TempDir Path copy) throws IOException {
        Files.createDirectories(copy.resolve("results"));
        for (String file : List.of("superpose.mv.db", "superpose.admin")) {
            Files.copy(home.resolve("results").resolve(file), copy.resolve("results").resolve(file));
        }
        String stackId;
        try (Database db = Database.open(copy)) {
            long id = new SweepRepository(db).findByName("tiny").orElseThrow().id();
            new SweepRepository(db).setStatus(id, SweepState.RUNNING);
            stackId = new StackRepository(db).list(id).get(0).stackId();
            // As the run node records a worker's trainer in the middle of the stack.
            new StackRepository(db).setProgress(id, stackId, StackStatus.RUNNING, 200, "10.0.0.2:25521/cpu-0", null);
        }

        List<String> lines;
        try (HomeLock run = HomeLock.acquire(copy)) { // a run holds the home: the sweep is live
            lines = CliRun.of("status", "tiny", "--home", copy.toString()).lines();
        }

        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("NODE")).findFirst().orElseThrow());
        assertEquals(List.of("NODE", "TRAINER", "DEVICE", "STACK", "STEPS", "STEPS/S", "LAST REPORT"),
                cells(lines.get(header)));
        List<String> trainer = cells(lines.get(header + 1));
        assertEquals(List.of("10.0.0.2:25521", "10.0.0.2:25521/cpu-0", "cpu", stackId, "200/300"),
                trainer.subList(0, 5));
        assertTrue(trainer.get(6).endsWith(" ago"), lines.get(header + 1));
    }

    @Test
    void oneSweepShowsItsStacksAndThatNoTrialFailed() {
        CliRun status = CliRun.of("status", "tiny", "--home", home.toString());

        assertEquals(0, status.exitCode(), status.err());
        List<String> lines = status.lines();
        assertEquals("tiny", cells(lines.get(1)).get(0));
        assertEquals(List.of("STACK", "STATUS", "TRIALS", "STEPS", "TRAINER", "ERROR"), cells(lines.get(3)));
        List<String> stack = cells(lines.get(4));
        assertEquals(List.of("done", "4", "300/300"), stack.subList(1, 4), lines.get(4));
        assertEquals("no failed trials", lines.get(lines.size() - 1));
    }

    @Test
    void anUnknownSweepIsBadInputListingTheKnownOnes() {
        CliRun status = CliRun.of("status", "tinny", "--home", home.toString());

        assertEquals(Main.EXIT_BAD_INPUT, status.exitCode());
        assertTrue(status.err().contains("no sweep 'tinny'") && status.err().contains("known sweeps: tiny"),
                status.err());
    }

    @Test
    void aHomeWithoutADatabaseIsBadInputAndStaysEmpty(@TempDir Path empty) throws IOException {
        CliRun status = CliRun.of("status", "--home", empty.toString());

        assertEquals(Main.EXIT_BAD_INPUT, status.exitCode());
        assertTrue(status.err().contains("no superpose database at"), status.err());
        try (var files = Files.list(empty)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void formatting() {
        assertEquals("1:01:05", StatusCommand.hours(3665));
        assertEquals("0:00:59", StatusCommand.hours(59));
        assertEquals("59s", StatusCommand.age(Duration.ofSeconds(59)));
        assertEquals("2m", StatusCommand.age(Duration.ofSeconds(179)));
        assertEquals("3h", StatusCommand.age(Duration.ofHours(3).plusMinutes(59)));
        assertEquals("2d", StatusCommand.age(Duration.ofDays(2)));
        assertEquals("first line", StatusCommand.clip("first line\n\tat Foo.bar"));
        String clipped = StatusCommand.clip("x".repeat(100));
        assertEquals(60, clipped.length());
        assertTrue(clipped.endsWith("..."));
    }
}
