package dev.superpose.metrics;

import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This run's metrics endpoint in a Prometheus file-based service discovery file,
 * {@code <dir>/<pid>.json}, from start to close. {@code config/prometheus.yml} reads every
 * {@code *.json} of the machine-wide {@link #DEFAULT_DIR}, so Prometheus (and Grafana) see every
 * running sweep, whatever its home or port, without editing configs. A file left by a killed run
 * names a target that is down; the next run of that pid replaces it.
 */
public final class PrometheusTargets implements AutoCloseable {
    /** Where runs announce their endpoints: {@code /tmp/superpose-prometheus} on Linux. */
    public static final Path DEFAULT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "superpose-prometheus");
    private final Path file;

    private PrometheusTargets(Path file) {
        this.file = file;
    }

    /**
     * Writes {@code endpoint} into {@code dir}. No labels: the meters carry the sweep already, and
     * a target equal to a static one of the same job is scraped once.
     */
    public static PrometheusTargets announce(Path dir, InetSocketAddress endpoint) {
        Path file = dir.resolve(ProcessHandle.current().pid() + ".json");
        String json = "[{\"targets\": [\"" + endpoint.getHostString() + ":" + endpoint.getPort() + "\"]}]\n";
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prometheus targets file " + file, e);
        }
        return new PrometheusTargets(file);
    }

    public Path file() {
        return file;
    }

    /** Removes the file: the endpoint is gone. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Prometheus targets file " + file, e);
        }
    }
}
