package dev.superpose.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run announces its metrics endpoint for Prometheus' file-based discovery while it runs. */
class PrometheusTargetsTest {
    @Test
    void theEndpointIsListedWhileTheRunLastsAndRemovedAfter(@TempDir Path dir) throws IOException {
        Path file;
        try (PrometheusTargets targets = PrometheusTargets.announce(dir.resolve("sd"),
                new InetSocketAddress("127.0.0.1", 40123))) {
            file = targets.file();
            assertEquals(dir.resolve("sd").resolve(ProcessHandle.current().pid() + ".json"), file);
            assertEquals("[{\"targets\": [\"127.0.0.1:40123\"]}]\n", Files.readString(file));
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void theShippedPrometheusConfigReadsTheAnnouncedTargets() throws IOException {
        String config = Files.readString(Path.of("config/prometheus.yml"));
        assertTrue(config.contains("files: ['" + PrometheusTargets.DEFAULT_DIR + "/*.json']"), config);
    }
}
