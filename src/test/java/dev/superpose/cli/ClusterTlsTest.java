package dev.superpose.cli;

import dev.superpose.cluster.ClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may join (issue 11): with {@code --tls-keystore}, a worker holding another keystore is
 * refused (it cannot join and exits 1 saying so), while one holding the cluster's keystore joins
 * and trains the sweep to its end.
 */
class ClusterTlsTest {
    private static final String PASSWORD = "test-secret";
    private static final Map<String, String> SECRET = Map.of(ClusterConfig.TLS_PASSWORD_VARIABLE, PASSWORD);

    @TempDir
    Path dir;

    @Test
    void aWorkerWithoutTheClustersKeystoreIsRefusedAndOneWithItTrains() throws Exception {
        Path cluster = keystore("cluster");
        Path outsider = keystore("outsider");
        Path file = dir.resolve("secret.conf");
        Files.writeString(file, """
                sweep { name = secret, experiment = tms, seeds = [0] }
                model { features = 5, hidden = 2 }
                train { steps = 200, log-every = 100 }
                """);
        Path home = dir.resolve("home");
        String seed = "127.0.0.1:" + SuperposeProcess.freePort();
        // The outsider gives up after 10 s instead of 30 s.
        List<String> jvm = List.of("-Dakka.cluster.shutdown-after-unsuccessful-join-seed-nodes=10s");
        Process runNode = SuperposeProcess.start(home.resolve("run.log"), jvm, SECRET, "run", file.toString(),
                "--home", home.toString(), "--metrics-port", "0", "--cluster-port", seed.split(":")[1],
                "--trainers", "0", "--tls-keystore", cluster.toString());
        Process insider = null;
        try {
            Process refused = SuperposeProcess.start(home.resolve("outsider.log"), jvm, SECRET,
                    "worker", "--join", seed, "--tls-keystore", outsider.toString());
            assertTrue(refused.waitFor(3, TimeUnit.MINUTES));
            String refusedLog = Files.readString(home.resolve("outsider.log"));
            assertEquals(1, refused.exitValue(), refusedLog);
            assertTrue(refusedLog.contains("superpose worker: could not join the run node at " + seed), refusedLog);
            assertTrue(runNode.isAlive(), "nothing was trained without a worker");

            insider = SuperposeProcess.start(home.resolve("insider.log"), List.of(), SECRET,
                    "worker", "--join", seed, "--tls-keystore", cluster.toString());
            assertTrue(runNode.waitFor(5, TimeUnit.MINUTES), "the insider trains the sweep");
            assertEquals(0, runNode.exitValue(), Files.readString(home.resolve("run.log")));
            assertTrue(insider.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, insider.exitValue(), Files.readString(home.resolve("insider.log")));
        } finally {
            Stream.of(runNode, insider).filter(p -> p != null && p.isAlive()).forEach(Process::destroyForcibly);
        }
    }

    /** A PKCS12 keystore with a fresh RSA key pair, made as the README says. */
    private Path keystore(String name) throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "superpose", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        return file;
    }
}
