package dev.superpose.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.superpose.store.Queries.count;
import static dev.superpose.store.Queries.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resume is exact (issue 3): a sweep run in a child JVM that is killed with SIGKILL several times,
 * at moments drawn at random once training is under way, and then run to its end, writes the
 * same trials.csv and features.csv as an uninterrupted run, with no trial lost or duplicated and
 * stacks continued from their checkpoints rather than retrained from scratch. SIGTERM checkpoints,
 * exits with 130 and says how to resume; a damaged checkpoint is rejected and replaced by the one
 * before it.
 */
class KillAndResumeTest {
    private static final String SWEEP = """
            sweep {
              name = killed
              experiment = tms
              seeds = [0, 1]
              stack-size = 2
              grid { "data.feature-probability" = [1, 0.3, 0.1, 0.03] }
            }
            model { features = 5, hidden = 2 }
            train { steps = 6000, batch-size = 2048, lr = 3e-3, log-every = 100, checkpoint-every = 500 }
            """;
    private static final int KILLS = 3;
    /** The "disk" of the full-disk test, in KiB. */
    private static final int FULL_DISK_KIB = 600;

    @TempDir
    static Path dir;
    static Path file;
    static Path reference;

    @BeforeAll
    static void runUninterrupted() throws Exception {
        file = dir.resolve("killed.conf");
        Files.writeString(file, SWEEP);
        reference = dir.resolve("reference");
        assertEquals(0, runToEnd(file, reference));
    }

    @Test
    void aSweepKilledSeveralTimesEndsExactlyLikeAnUninterruptedOne() throws Exception {
        Path killed = dir.resolve("killed");
        Random moments = new Random(42);
        for (int kill = 0; kill < KILLS; kill++) {
            Process run = start(file, killed);
            awaitTrainingUnderWay(killed, run);
            Thread.sleep(moments.nextInt(1500));
            run.destroyForcibly(); // SIGKILL: no hook, no checkpoint, no clean H2 close
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, runToEnd(file, killed));

        assertSameOutputs(killed);
        assertTrue(count(killed, "SELECT COUNT(*) FROM events WHERE kind = 'resume'") >= 1,
                "at least one stack continued from a checkpoint");
        assertEquals(8, count(killed, "SELECT COUNT(DISTINCT trial_id) FROM trials WHERE status = 'done'"));
        assertEquals(8, count(killed, "SELECT COUNT(*) FROM trials"));
    }

    @Test
    void sigtermCheckpointsExitsWith130AndSaysHowToResume() throws Exception {
        Path home = dir.resolve("terminated");
        Process run = start(file, home);
        awaitTrainingUnderWay(home, run);

        CliRun second = CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertEquals(2, second.exitCode());
        assertTrue(second.err().contains("another superpose run (pid " + run.pid()), second.err());

        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, run.exitValue());
        String log = Files.readString(home.resolve("run.log"));
        assertTrue(log.contains("Resume with the same command: superpose run " + file), log);
        assertEquals("interrupted", text(home, "SELECT status FROM sweeps"));
        assertTrue(count(home, "SELECT COUNT(*) FROM checkpoints") >= 1, "the running stack was checkpointed");

        // Damage the newest checkpoint: the resumed run must notice, fall back and still end exactly.
        Path newest = home.resolve(text(home, "SELECT path FROM checkpoints ORDER BY step DESC LIMIT 1"));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(newest, bytes);
        assertEquals(0, runToEnd(file, home));
        assertSameOutputs(home);
        assertEquals(1, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'checkpoint-rejected'"));
    }

    /**
     * Checkpoint paths are stored relative to the home: a sweep started with a relative home from
     * one directory resumes from its checkpoints when run from another with the home's absolute path.
     */
    @Test
    void aSweepStartedWithARelativeHomeResumesFromItsCheckpointsFromAnotherDirectory() throws Exception {
        Path workDir = Files.createDirectories(dir.resolve("elsewhere"));
        Path home = workDir.resolve("rel");
        Process run = SuperposeProcess.startIn(workDir, home.resolve("run.log"),
                "run", file.toString(), "--home", "rel", "--metrics-port", "0");
        awaitTrainingUnderWay(home, run);
        run.destroy(); // SIGTERM: every stack in training is checkpointed
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, run.exitValue(), Files.readString(home.resolve("run.log")));
        assertTrue(count(home, "SELECT COUNT(*) FROM checkpoints") >= 1, "the running stack was checkpointed");

        assertEquals(0, runToEnd(file, home.toAbsolutePath()), "resumed from this test's working directory");
        assertSameOutputs(home);
        assertEquals(0, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'checkpoint-rejected'"));
        assertTrue(count(home, "SELECT COUNT(*) FROM events WHERE kind = 'resume'") >= 1, "continued, not retrained");
    }

    @Test
    void aRunWhoseDiskFillsEndsAtOnceWithThreeAndResumesExactlyOnceThereIsSpace() throws Exception {
        Path home = dir.resolve("full");
        // A write past FULL_DISK_KIB fails with "File too large", as on a full disk; the
        // database outgrows it mid-run (an uninterrupted run ends with about twice as much).
        Process run = SuperposeProcess.startWithFileSizeLimit(home.resolve("run.log"), FULL_DISK_KIB,
                "run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the run ends instead of hanging");
        String log = Files.readString(home.resolve("run.log"));
        assertEquals(Main.EXIT_ABORTED, run.exitValue(), log);
        assertTrue(log.contains("superpose: the sweep supervisor stopped before the sweep ended")
                && log.contains("File too large") && log.contains("run the same command to resume"), log);
        assertFalse(log.contains("interrupted;"), "not reported as an interrupt");

        assertEquals(0, runToEnd(file, home), "the home lock was released and the sweep resumes");
        assertSameOutputs(home);
    }

    private static void assertSameOutputs(Path home) throws IOException {
        SweepHome.assertSameTables(reference, home, "killed");
        // loss points held back when a run was killed came after its last checkpoint, and were logged again
        SweepHome.assertSameTable(reference.resolve("results/killed/loss-curves.csv"),
                home.resolve("results/killed/loss-curves.csv"));
    }

    private static Process start(Path file, Path home) throws IOException {
        return SuperposeProcess.start(home.resolve("run.log"), List.of(),
                "run", file.toString(), "--home", home.toString(), "--metrics-port", "0");
    }

    private static int runToEnd(Path file, Path home) throws Exception {
        Process run = start(file, home);
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the run finishes");
        return run.exitValue();
    }

    /** Training is under way once a first checkpoint exists; later kills land at other moments. */
    private static void awaitTrainingUnderWay(Path home, Process run) throws Exception {
        Path checkpoints = home.resolve("models/killed/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".ckpt"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
    }
}
