package dev.superpose.cli;

import dev.superpose.cluster.ClusterConfig;
import dev.superpose.cluster.WorkerNode;
import dev.superpose.store.Database;
import dev.superpose.store.StepLoss;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.StoreException;
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
 * One sweep over several JVMs on loopback, over TLS (issue 11): a run node that only supervises,
 * and workers holding the cluster's keystore. Each of the first two workers takes a stack and
 * ships a checkpoint; then one is killed with SIGKILL and the other is frozen with SIGSTOP for
 * longer than the failure detector waits (a network loss, cheaply). The split-brain resolver downs
 * both, their stacks go to a third worker, which continues them from their checkpoints; the
 * frozen one, let go again with SIGCONT, learns it was downed and exits 1 without recording
 * anything; the outputs and loss curves equal a single-process run's, each stack evaluated
 * once. Meanwhile an outsider holding another keystore is refused, and once the sweep has ended
 * a worker started late is told so by the lingering run node and exits 0. (One test for all, so
 * that the suite starts these JVMs once.)
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
     * is still downed (some 25 s after the kill), the merely slow ones are not. At such a load the
     * run node once took over 60 s to open its port, and the workers, started with it, gave up
     * joining: here they try for 5 minutes.
     */
    private static final List<String> PATIENT_CLUSTER = List.of(
            "-Dakka.cluster.failure-detector.acceptable-heartbeat-pause=20s",
            "-Dakka.cluster.split-brain-resolver.stable-after=2s",
            "-Dakka.cluster.shutdown-after-unsuccessful-join-seed-nodes=5m");
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
    void workersKilledOrCutOffMidStackCostNothingButTimeAnOutsiderCannotJoinAndALateOneIsToldTheSweepEnded()
            throws Exception {
        Path keystore = keystore("cluster");
        Path foreignKeystore = keystore("outsider");
        Path home = dir.resolve("cluster");
        int port = SuperposeProcess.freePort();
        String seed = "127.0.0.1:" + port;
        Process runNode = SuperposeProcess.start(home.resolve("run.log"), PATIENT_CLUSTER, SECRET, "run",
                file.toString(), "--home", home.toString(), "--metrics-port", "0", "--cluster-port", "" + port,
                "--trainers", "0", "--tls-keystore", keystore.toString(), "--cluster-linger", "10m");
        Process doomed = worker(home.resolve("worker-a.log"), PATIENT_CLUSTER, seed, keystore);
        Process frozen = worker(home.resolve("worker-c.log"), PATIENT_CLUSTER, seed, keystore);
        Process outsider = worker(home.resolve("outsider.log"), OUTSIDER, seed, foreignKeystore);
        Process survivor = null;
        Process late = null;
        try {
            awaitCheckpointsOfBothStacks(home, runNode);
            survivor = worker(home.resolve("worker-b.log"), PATIENT_CLUSTER, seed, keystore, "2");
            doomed.destroyForcibly(); // SIGKILL in the middle of its stack
            signal(frozen, "STOP"); // in the middle of its stack too: to the others it is as if the network failed
            assertTrue(doomed.waitFor(1, TimeUnit.MINUTES));

            String frozenTrainer = trainerOf(home.resolve("worker-c.log"));
            awaitEvent(home, runNode, "kind = 'retry' AND detail LIKE '%" + frozenTrainer + " was lost%'");
            signal(frozen, "CONT"); // its stack is on another worker now; it resumes mid-chunk
            assertTrue(frozen.waitFor(2, TimeUnit.MINUTES), "the worker cut off learns it was downed");
            String frozenLog = Files.readString(home.resolve("worker-c.log"));
            assertEquals(WorkerNode.EXIT_LOST, frozen.exitValue(), frozenLog);
            assertTrue(frozenLog.contains("superpose worker: lost the run node at " + seed + " and was downed"),
                    frozenLog);

            assertTrue(outsider.waitFor(RUN_MINUTES, TimeUnit.MINUTES), "the outsider gives up");
            String outsiderLog = Files.readString(home.resolve("outsider.log"));
            assertEquals(WorkerNode.EXIT_NOBODY, outsider.exitValue(), outsiderLog);
            assertTrue(outsiderLog.contains("superpose worker: nobody answered at " + seed), outsiderLog);
            assertFalse(outsiderLog.contains("joined"), outsiderLog);

            awaitLine(home.resolve("run.log"), runNode, "superpose: sweep spread has ended; workers that join");
            assertTrue(survivor.waitFor(2, TimeUnit.MINUTES), "the surviving worker leaves when the sweep ends");
            assertEquals(0, survivor.exitValue(), Files.readString(home.resolve("worker-b.log")));
            late = worker(home.resolve("worker-late.log"), PATIENT_CLUSTER, seed, keystore);
            // This once failed: the sweep's actor system still held the port as the linger started (EndedSweepTest).
            assertTrue(late.waitFor(2, TimeUnit.MINUTES), () -> "the late worker is told the sweep has ended"
                    + logs(home, "worker-late.log", "run.log"));
            String lateLog = Files.readString(home.resolve("worker-late.log"));
            assertEquals(0, late.exitValue(), lateLog);
            assertTrue(lateLog.contains("superpose worker: sweep spread has ended: nothing left to train"), lateLog);
            assertFalse(lateLog.contains("failed in phase"), () -> "the late worker left the cluster gracefully: "
                    + lateLog);

            runNode.destroy(); // SIGTERM ends the linger; the exit code stays the sweep's
            assertTrue(runNode.waitFor(1, TimeUnit.MINUTES), "the run node stops lingering");
            assertEquals(0, runNode.exitValue(), Files.readString(home.resolve("run.log")));
        } finally {
            Stream.of(runNode, doomed, frozen, outsider, survivor, late).filter(p -> p != null && p.isAlive())
                    .forEach(Process::destroyForcibly);
        }

        SweepHome.assertSameTables(reference, home, "spread");
        assertEquals(4, count(home, "SELECT COUNT(*) FROM trials WHERE status = 'done'"));
        assertEquals(2, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'retry' AND detail LIKE '%was lost%'"));
        assertTrue(count(home, "SELECT COUNT(*) FROM events WHERE kind = 'resume'") >= 2,
                "both lost stacks continued from the checkpoints their first workers shipped");
        assertEquals(1, count(home, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM events WHERE kind = 'done'"
                + " GROUP BY stack_id)"), "each stack evaluated once");
        assertEquals(2, count(home, "SELECT COUNT(*) FROM events WHERE kind = 'done'"));
        assertSameLossCurves(lossCurves(reference), lossCurves(home));
        String survivorLog = Files.readString(home.resolve("worker-b.log"));
        assertTrue(survivorLog.contains("superpose worker: joined " + seed), survivorLog);
    }

    /** Every trial's loss curve as the run node recorded it (a step logged again after a resume: the newest). */
    private static Map<String, List<StepLoss>> lossCurves(Path home) {
        long sweepId = count(home, "SELECT id FROM sweeps WHERE name = 'spread'");
        try (Database db = Database.openReadOnly(home)) {
            return new StepMetricRepository(db).lossCurves(sweepId);
        }
    }

    /** The same trials, each with a point at the same steps and the same losses (1e-6 relative). */
    private static void assertSameLossCurves(Map<String, List<StepLoss>> expected, Map<String, List<StepLoss>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((trial, curve) -> {
            List<StepLoss> got = actual.get(trial);
            assertEquals(curve.stream().map(StepLoss::step).toList(), got.stream().map(StepLoss::step).toList(), trial);
            for (int i = 0; i < curve.size(); i++) {
                double e = curve.get(i).loss();
                assertEquals(e, got.get(i).loss(), 1e-6 * Math.abs(e), trial + " at step " + curve.get(i).step());
            }
        });
    }

    private static Process worker(Path log, List<String> jvm, String seed, Path keystore) throws IOException {
        return worker(log, jvm, seed, keystore, "1");
    }

    private static Process worker(Path log, List<String> jvm, String seed, Path keystore, String trainers)
            throws IOException {
        return SuperposeProcess.start(log, jvm, SECRET, "worker", "--join", seed, "--trainers", trainers,
                "--metrics-port", "0", "--tls-keystore", keystore.toString());
    }

    /** SIGSTOP or SIGCONT: a JVM that neither sends nor answers anything, and then does again. */
    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** Each worker has shipped a checkpoint of its stack to the run node's home: both stacks are under way. */
    private static void awaitCheckpointsOfBothStacks(Path home, Process runNode) throws Exception {
        Path checkpoints = home.resolve("models/spread/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RUN_MINUTES);
        while (System.nanoTime() < deadline && runNode.isAlive()) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    // files are STACK-STEP.ckpt
                    if (files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt"))
                            .map(n -> n.substring(0, n.lastIndexOf('-'))).distinct().count() == 2) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoints of both stacks arrived: " + Files.readString(home.resolve("run.log"))
                + "\n--- worker-a:\n" + Files.readString(home.resolve("worker-a.log"))
                + "\n--- worker-c:\n" + Files.readString(home.resolve("worker-c.log")));
    }

    /** The name of the one trainer of a worker, from its log's "joined … with trainers [NAME]". */
    private static String trainerOf(Path log) throws IOException {
        String text = Files.readString(log);
        int at = text.indexOf("with trainers [");
        assertTrue(at >= 0, text);
        return text.substring(at + "with trainers [".length(), text.indexOf(']', at));
    }

    /**
     * The run node recorded an event matching {@code condition} (read as `status` reads, while it
     * runs). A read that fails is tried again at the next poll: one (of hundreds) once failed with
     * H2's "Database is already closed" while the run node went on.
     */
    private static void awaitEvent(Path home, Process runNode, String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RUN_MINUTES);
        StoreException lastFailure = null;
        while (System.nanoTime() < deadline && runNode.isAlive()) {
            try {
                if (count(home, "SELECT COUNT(*) FROM events WHERE " + condition) > 0) {
                    return;
                }
            } catch (StoreException e) {
                lastFailure = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no event " + condition + ": " + Files.readString(home.resolve("run.log")), lastFailure);
    }

    private static void awaitLine(Path log, Process process, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(RUN_MINUTES);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line '" + line + "' in " + log + ": " + Files.readString(log));
    }

    /** A PKCS12 keystore with a fresh RSA key pair, made as the README says. */
    /** The named logs of {@code home}, each under its name, for a failure message: the test's folder is deleted after it. */
    private static String logs(Path home, String... names) {
        StringBuilder all = new StringBuilder();
        for (String name : names) {
            all.append("\n--- ").append(name).append(" ---\n");
            try {
                all.append(Files.readString(home.resolve(name)));
            } catch (IOException e) {
                all.append("(unreadable: ").append(e.getMessage()).append(')');
            }
        }
        return all.toString();
    }

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
