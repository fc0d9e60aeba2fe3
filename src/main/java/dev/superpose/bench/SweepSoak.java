package dev.superpose.bench;

import dev.superpose.store.Database;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.StoreException;
import org.h2.mvstore.MVStoreTool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Does memory stay flat over a long run? Runs a real sweep ({@code superpose run}, as a child
 * process: actors, H2, checkpoints, evaluations) for a given time, reads the child's Java heap,
 * ND4J off-heap bytes and RSS from its own {@code /metrics} at a fixed interval, then stops it
 * with SIGTERM (the Ctrl-C path) and expects exit code 130. The child's heap is fixed and
 * pre-touched, so a growing RSS column means a real leak, not a heap being committed.
 */
public final class SweepSoak {
    private static final double MIB = 1024.0 * 1024.0;
    /**
     * 100 features → 20 hidden, 10 feature probabilities × 40 seeds in stacks of 10: far more than 20
     * minutes; a loss point every 10 steps, so the database takes many small writes.
     */
    private static final String SWEEP = """
            sweep { name = soak, experiment = tms, seeds = [%s], stack-size = 10,
                    grid { "data.feature-probability" = { geomspace = [1, 0.05, 10] } } }
            model { features = 100, hidden = 20 }
            data { importance = { geomspace = [1, 0.01, 100] } }
            train { steps = 20000, log-every = 10, checkpoint-every = 1000 }
            """;

    /** One reading of the child's meters. */
    record Sample(double trainSteps, double heapUsed, double nd4jBuffers, double rss, long dbBytes, long compactBytes,
                  long lossRows) {
    }

    /**
     * What a loss point holds: sweep id, step (8 bytes each), loss (8), time (12) and a trial id of
     * about 5 characters. The database file is compared with this, and with its own compacted
     * size (everything it holds, trials' configs included, as H2 stores it at best).
     */
    private static final int LOSS_ROW_BYTES = 41;

    private SweepSoak() {
    }

    /**
     * @param mainClass the CLI's main class, started in the child with this JVM's class path
     * @return the child's exit code (130 when it stopped as asked)
     */
    public static int run(PrintStream out, String mainClass, Duration duration, Duration every) {
        try {
            Path home = Files.createTempDirectory("superpose-soak");
            Path sweep = home.resolve("soak.conf");
            Files.writeString(sweep, SWEEP.formatted(IntStream.range(0, 40).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "))));
            int port = freePort();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                    mainClass, "run", sweep.toString(), "--home", home.toString(),
                    "--metrics-port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(home.resolve("run.log").toFile()).start();
            out.printf("soak: superpose run in %s, metrics on 127.0.0.1:%d, for %s, a reading every %s%n", home, port,
                    duration, every);
            List<Sample> samples = sample(out, child, home, port, duration, every);
            child.destroy();
            boolean ended = child.waitFor(2, TimeUnit.MINUTES);
            int exit = ended ? child.exitValue() : -1;
            summarize(out, samples, exit);
            long closedBytes = Files.size(Database.file(home));
            long rows = lossRows(home);
            long compactBytes = compactedSize(Database.file(home));
            out.printf("database after the run closed it: %.2f MiB, %.2f MiB compacted (%.2fx its data),"
                            + " %d loss rows (%.1fx their raw bytes)%n",
                    closedBytes / MIB, compactBytes / MIB, (double) closedBytes / compactBytes, rows,
                    dataFactor(closedBytes, rows));
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("soak interrupted", e);
        }
    }

    private static List<Sample> sample(PrintStream out, Process child, Path home, int port, Duration duration,
                                       Duration every)
            throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long next = start + every.toNanos();
        while (System.nanoTime() - start < duration.toNanos() && child.isAlive()) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            next += every.toNanos();
            Sample s = scrape(http, port, home);
            if (s == null) {
                continue; // the child is still starting
            }
            samples.add(s);
            out.printf("elapsed=%5ds steps=%9.0f heap=%7.1f MiB nd4j=%7.1f MiB rss=%7.1f MiB db=%7.2f MiB"
                            + " compacted=%7.2f MiB (db %.2fx its data) loss-rows=%9d (db %.1fx their raw bytes)%n",
                    Duration.ofNanos(System.nanoTime() - start).toSeconds(), s.trainSteps(), s.heapUsed() / MIB,
                    s.nd4jBuffers() / MIB, s.rss() / MIB, s.dbBytes() / MIB, s.compactBytes() / MIB,
                    (double) s.dbBytes() / s.compactBytes(), s.lossRows(), dataFactor(s.dbBytes(), s.lossRows()));
        }
        return samples;
    }

    /**
     * The trend over the second half of the run, after warm-up (JIT, allocator arenas and the
     * code cache settle within the first minutes): a leak shows as growth there.
     */
    private static void summarize(PrintStream out, List<Sample> samples, int exit) {
        if (samples.size() >= 4) {
            Sample middle = samples.get(samples.size() / 2);
            Sample last = samples.get(samples.size() - 1);
            double peakRss = samples.subList(samples.size() / 2, samples.size()).stream().mapToDouble(Sample::rss)
                    .max().orElseThrow();
            out.printf("second half: rss %+.1f MiB (%.1f -> %.1f, peak %.1f), nd4j %+.1f MiB,"
                            + " database %+.2f MiB (%.2f -> %.2f) for %+d loss rows%n",
                    (last.rss() - middle.rss()) / MIB, middle.rss() / MIB, last.rss() / MIB, peakRss / MIB,
                    (last.nd4jBuffers() - middle.nd4jBuffers()) / MIB, (last.dbBytes() - middle.dbBytes()) / MIB,
                    middle.dbBytes() / MIB, last.dbBytes() / MIB, last.lossRows() - middle.lossRows());
        }
        out.printf("soak: stopped with SIGTERM, exit code %d (130 expected)%n", exit);
    }

    private static double dataFactor(long bytes, long rows) {
        return rows == 0 ? Double.NaN : (double) bytes / (rows * LOSS_ROW_BYTES);
    }

    /**
     * The size of a copy of the database file after H2's offline compaction (what {@code SHUTDOWN
     * COMPACT} writes): the data the file holds, without the dead chunks a running store keeps. A
     * copy of the live file is what a kill -9 would leave, which H2 opens at its last chunk.
     */
    private static long compactedSize(Path file) throws IOException {
        Path copy = Files.createTempFile(file.getParent(), "soak-compact", ".mv.db");
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            MVStoreTool.compact(copy.toString(), false);
            return Files.size(copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The loss rows the database holds, read as `status` reads it (through the run's server while it runs). */
    private static long lossRows(Path home) {
        try (Database db = Database.openReadOnly(home)) {
            return new StepMetricRepository(db).count();
        } catch (StoreException notYet) {
            return 0;
        }
    }

    private static Sample scrape(HttpClient http, int port, Path home) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new Sample(sum(text, "superpose_train_steps_total", ""),
                    sum(text, "jvm_memory_used_bytes", "area=\"heap\""),
                    sum(text, "superpose_nd4j_allocated_bytes", ""), sum(text, "superpose_process_rss_bytes", ""),
                    Files.size(Database.file(home)), compactedSize(Database.file(home)), lossRows(home));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sum of the samples of {@code metric} whose labels contain {@code labelFilter}. */
    static double sum(String exposition, String metric, String labelFilter) {
        Matcher m = Pattern.compile("(?m)^" + metric + "(\\{[^}]*})? (\\S+)$").matcher(exposition);
        double total = 0;
        while (m.find()) {
            if (m.group(1) == null ? labelFilter.isEmpty() : m.group(1).contains(labelFilter)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
