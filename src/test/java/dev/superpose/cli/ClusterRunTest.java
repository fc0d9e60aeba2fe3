package dev.superpose.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.superpose.store.Queries.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One sweep over three JVMs on loopback (issue 11): a run node that only supervises, and two
 * workers. The first worker is killed with SIGKILL in the middle of a stack, after it shipped a
 * checkpoint; the split-brain resolver downs it, its stack goes to the second worker, which
 * continues from that checkpoint; the outputs equal a single-process run's.
 */
class ClusterRunTest {
    private static final String SWEEP = """
            sweep {
              name = spread
              experiment = tms
              seeds = [0, 1]
              stack-size = 2
              grid { "data.feature-probability" = [1, 0.1] }
            }
            model { features = 5, hidden = 2 }
            train { steps = 4000, batch-size = 256, lr = 3e-3, log-every = 100, checkpoint-every = 500 }
            """;
    /** Unreachable nodes are downed 1 s after membership settles, not 7 s: the test waits less. */
    private static final List<String> FAST_DOWNING = List.of("-Dakka.cluster.split-brain-resolver.stable-after=1s");

    @TempDir
    static Path dir;
    static Path file;
    static Path reference;

    @BeforeAll
    static void runInOneProcess() throws Exception {
        file = dir.resolve("spread.conf");
        Files.writeString(file, SWEEP);
        reference = dir.resolve("reference");
        Process run = SuperposeProcess.start(reference.resolve("run.log"), List.of(),
                "run", file.toString(), "--home", reference.toString(), "--metrics-port", "0");
        assertTrue(run.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, run.exitValue(), Files.readString(reference.resolve("run.log")));
    }

    @Test
    void aWorkerKilledMidStackCostsNothingButTimeAndTheOutputsEqualOneProcesss() throws Exception {
        Path home = dir.resolve("cluster");
        int port = SuperposeProcess.freePort();
        String seed = "127.0.0.1:" + port;
        Process runNode = SuperposeProcess.start(home.resolve("run.log"), FAST_DOWNING, "run", file.toString(),
                "--home", home.toString(), "--metrics-port", "0", "--cluster-port", "" + port, "--trainers", "0");
        Process doomed = SuperposeProcess.start(home.resolve("worker-a.log"), FAST_DOWNING,
                "worker", "--join", seed, "--trainers", "1");
        Process survivor = null;
        try {
            awaitShippedCheckpoint(home, runNode);
            survivor = SuperposeProcess.start(home.resolve("worker-b.log"), FAST_DOWNING,
                    "worker", "--join", seed, "--trainers", "1");
            doomed.destroyForcibly(); // SIGKILL in the middle of its stack
            assertTrue(doomed.waitFor(30, TimeUnit.SECONDS));

            assertTrue(runNode.waitFor(5, TimeUnit.MINUTES), "the run node finishes");
            assertEquals(0, runNode.exitValue(), Files.readString(home.resolve("run.log")));
            assertTrue(survivor.waitFor(60, TimeUnit.SECONDS), "the surviving worker leaves with the run node");
            assertEquals(0, survivor.exitValue(), Files.readString(home.resolve("worker-b.log")));
        } finally {
            Stream.of(runNode, doomed, survivor).filter(p -> p != null && p.isAlive()).forEach(Process::destroyForcibly);
        }

        SweepHome.assertSameTables(reference, home, "spread");
        assertEquals(4, count(home, "SELECT COUNT(*) FROM trials WHERE status = 'done'"));
        assertEquals(1, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'retry' AND detail LIKE '%was lost%'"));
        assertTrue(count(home, "SELECT COUNT(*) FROM events WHERE kind = 'resume'") >= 1,
                "the lost stack continued from the checkpoint its first worker shipped");
        String survivorLog = Files.readString(home.resolve("worker-b.log"));
        assertTrue(survivorLog.contains("superpose worker: joined " + seed), survivorLog);
    }

    /** The first worker has shipped a checkpoint to the run node's home: its stack is under way. */
    private static void awaitShippedCheckpoint(Path home, Process runNode) throws Exception {
        Path checkpoints = home.resolve("models/spread/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && runNode.isAlive()) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    if (files.anyMatch(p -> p.toString().endsWith(".ckpt"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint arrived: " + Files.readString(home.resolve("run.log")));
    }
}
