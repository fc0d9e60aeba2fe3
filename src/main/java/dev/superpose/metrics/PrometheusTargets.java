package dev.superpose.metrics;

import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's metrics endpoint in a Prometheus file-based service discovery file, from start to
 * close. {@code config/prometheus.yml} reads every {@code *.json} of the machine-wide
 * {@link #DEFAULT_DIR}, so one Prometheus (and Grafana) sees every running sweep and worker on
 * this machine, whatever its home or port, without editing configs; a file per home would need
 * one Prometheus entry per home.
 *
 * <p>A file is named {@code <pid>-<process start, epoch ms>-<port>.json}. It is removed on close
 * and by a shutdown hook (Ctrl-C, SIGTERM); a file left by a killed process ({@code kill -9}, a
 * crash) is removed by the next process that announces itself here, once its pid is gone or now
 * belongs to a process started at another time. Until then Prometheus shows that target as down.
 */
public final class PrometheusTargets implements AutoCloseable {
    /** Where processes announce their endpoints: {@code /tmp/superpose-prometheus} on Linux. */
    public static final Path DEFAULT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "superpose-prometheus");
    private static final Pattern NAME = Pattern.compile("(\\d+)-(\\d+)-\\d+\\.json");

    private final Path file;
    private final Thread removeOnExit;

    private PrometheusTargets(Path file) {
        this.file = file;
        this.removeOnExit = new Thread(this::remove, "superpose-prometheus-targets");
        Runtime.getRuntime().addShutdownHook(removeOnExit);
    }

    /**
     * Writes {@code endpoint} into {@code dir}, after removing the files of processes that ended.
     * No labels: the meters carry the sweep already.
     *
     * @throws UncheckedIOException when {@code dir} cannot be written (e.g. another user's)
     */
    public static PrometheusTargets announce(Path dir, InetSocketAddress endpoint) {
        ProcessHandle self = ProcessHandle.current();
        Path file = dir.resolve(self.pid() + "-" + startMillis(self) + "-" + endpoint.getPort() + ".json");
        String json = "[{\"targets\": [\"" + endpoint.getHostString() + ":" + endpoint.getPort() + "\"]}]\n";
        try {
            Files.createDirectories(dir);
            removeStale(dir);
            AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prometheus targets file " + file + " (" + e + ")", e);
        }
        return new PrometheusTargets(file);
    }

    /** Removes the files in {@code dir} whose process has ended; other files are left alone. */
    static void removeStale(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && !running(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException notOurs) {
                        // another user's file: its owner's next run removes it
                    }
                }
            }
        }
    }

    private static boolean running(long pid, long startMillis) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && (startMillis == 0 || startMillis(process.get()) == startMillis);
    }

    /** When {@code process} started (0 where the platform does not say). */
    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    public Path file() {
        return file;
    }

    /** Removes the file: the endpoint is gone. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook removes the file
        }
        remove();
    }

    private void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Prometheus targets file " + file, e);
        }
    }
}
