package dev.superpose.cli;

import dev.superpose.cluster.ClusterConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.superpose.store.Queries.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One sweep over three JVMs on loopback, over TLS (issue 11): a run node that only supervises,
 * and two workers holding the cluster's keystore. The first worker is killed with SIGKILL in the
 * middle of a stack, after it shipped a checkpoint; the split-brain resolver downs it, its stack
 * goes to the second worker, which continues from that checkpoint; the outputs equal a
 * single-process run's. Meanwhile an outsider holding another keystore tries to join, and is
 * refused. (One test for both, so that the suite starts these JVMs once.)
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
    private static final String PASSWORD = "test-secret";
    private static final Map<String, String> SECRET = Map.of(ClusterConfig.TLS_PASSWORD_VARIABLE, PASSWORD);
    /**
     * A CI box with two cores and a load of 30 can starve a JVM of heartbeats for seconds: with
     * the production 10 s pause a slow worker was once downed before it shipped anything. Here a
     * node is unreachable after 20 s without heartbeats, and downed 2 s later: the killed worker
     * is still downed (some 25 s after the kill), the merely slow ones are not.
     */
    private static final List<String> PATIENT_CLUSTER = List.of(
            "-Dakka.cluster.failure-detector.acceptable-heartbeat-pause=20s",
            "-Dakka.cluster.split-brain-resolver.stable-after=2s");
    /** The outsider gives up joining after 20 s instead of 60 s. */
    private static final List<String> OUTSIDER = List.of("-Dakka.cluster.shutdown-after-unsuccessful-join-seed-nodes=20s");
    private static final long RUN_MINUTES = 10;

    @TempDir
    static Path dir;
    static Path file;
    static Path reference;

    @BeforeAll
    static void runInOneProcess() throws Exception {
        file = dir.resolve("spread.conf");
        Files.writeString(file, SWEEP);
        reference = dir.resolve("reference");
        CliRun run = CliRun.of("run", file.toString(), "--home", reference.toString(), "--metrics-port", "0");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void aWorkerKilledMidStackCostsNothingButTimeAndAnOutsiderCannotJoin() throws Exception {
        Path keystore = keystore("cluster");
        Path foreignKeystore = keystore("outsider");
        Path home = dir.resolve("cluster");
        int port = SuperposeProcess.freePort();
        String seed = "127.0.0.1:" + port;
        Process runNode = SuperposeProcess.start(home.resolve("run.log"), PATIENT_CLUSTER, SECRET, "run",
                file.toString(), "--home", home.toString(), "--metrics-port", "0", "--cluster-port", "" + port,
                "--trainers", "0", "--tls-keystore", keystore.toString());
        Process doomed = worker(home.resolve("worker-a.log"), PATIENT_CLUSTER, seed, keystore);
        Process outsider = worker(home.resolve("outsider.log"), OUTSIDER, seed, foreignKeystore);
        Process survivor = null;
        try {
            awaitShippedCheckpoint(home, runNode);
            survivor = worker(home.resolve("worker-b.log"), PATIENT_CLUSTER, seed, keystore);
            doomed.destroyForcibly(); // SIGKILL in the middle of its stack
            assertTrue(doomed.waitFor(1, TimeUnit.MINUTES));

            assertTrue(outsider.waitFor(RUN_MINUTES, TimeUnit.MINUTES), "the outsider gives up");
            String outsiderLog = Files.readString(home.resolve("outsider.log"));
            assertEquals(1, outsider.exitValue(), outsiderLog);
            assertTrue(outsiderLog.contains("superpose worker: could not join the run node at " + seed), outsiderLog);
            assertFalse(outsiderLog.contains("joined"), outsiderLog);

            assertTrue(runNode.waitFor(RUN_MINUTES, TimeUnit.MINUTES), "the run node finishes");
            assertEquals(0, runNode.exitValue(), Files.readString(home.resolve("run.log")));
            assertTrue(survivor.waitFor(2, TimeUnit.MINUTES), "the surviving worker leaves with the run node");
            assertEquals(0, survivor.exitValue(), Files.readString(home.resolve("worker-b.log")));
        } finally {
            Stream.of(runNode, doomed, outsider, survivor).filter(p -> p != null && p.isAlive())
                    .forEach(Process::destroyForcibly);
        }

        SweepHome.assertSameTables(reference, home, "spread");
        assertEquals(4, count(home, "SELECT COUNT(*) FROM trials WHERE status = 'done'"));
        assertEquals(1, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'retry' AND detail LIKE '%was lost%'"));
        assertTrue(count(home, "SELECT COUNT(*) FROM events WHERE kind = 'resume'") >= 1,
                "the lost stack continued from the checkpoint its first worker shipped");
        String survivorLog = Files.readString(home.resolve("worker-b.log"));
        assertTrue(survivorLog.contains("superpose worker: joined " + seed), survivorLog);
    }

    private static Process worker(Path log, List<String> jvm, String seed, Path keystore) throws IOException {
        return SuperposeProcess.start(log, jvm, SECRET, "worker", "--join", seed, "--trainers", "1",
                "--metrics-port", "0", "--tls-keystore", keystore.toString());
    }

    /** The first worker has shipped a checkpoint to the run node's home: its stack is under way. */
    private static void awaitShippedCheckpoint(Path home, Process runNode) throws Exception {
        Path checkpoints = home.resolve("models/spread/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RUN_MINUTES);
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

    /** A PKCS12 keystore with a fresh RSA key pair, made as the README says. */
    private static Path keystore(String name) throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "superpose", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        return keystore;
    }
}
