package dev.superpose.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process announces its metrics endpoint for Prometheus' file-based discovery while it runs. */
class PrometheusTargetsTest {
    private static final ProcessHandle SELF = ProcessHandle.current();
    private static final long SELF_START = SELF.info().startInstant().map(Instant::toEpochMilli).orElse(0L);

    @Test
    void theEndpointIsListedWhileTheRunLastsAndRemovedAfter(@TempDir Path dir) throws IOException {
        Path file;
        try (PrometheusTargets targets = PrometheusTargets.announce(dir.resolve("sd"),
                new InetSocketAddress("127.0.0.1", 40123))) {
            file = targets.file();
            assertEquals(dir.resolve("sd").resolve(SELF.pid() + "-" + SELF_START + "-40123.json"), file);
            assertEquals("[{\"targets\": [\"127.0.0.1:40123\"]}]\n", Files.readString(file));
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void filesOfEndedProcessesAreRemovedWhenAnotherAnnouncesItself(@TempDir Path dir) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path ofEnded = Files.writeString(dir.resolve(ended.pid() + "-" + SELF_START + "-9464.json"), "[]");
        Path ofReusedPid = Files.writeString(dir.resolve(SELF.pid() + "-" + (SELF_START - 1000) + "-9465.json"), "[]");
        Path ofLiving = Files.writeString(dir.resolve(SELF.pid() + "-" + SELF_START + "-9466.json"), "[]");
        Path notOurs = Files.writeString(dir.resolve("static.json"), "[]");

        try (PrometheusTargets targets = PrometheusTargets.announce(dir, new InetSocketAddress("127.0.0.1", 40124))) {
            assertFalse(Files.exists(ofEnded), "the file of a process that ended");
            assertFalse(Files.exists(ofReusedPid), "the file of an earlier process with this pid");
            assertTrue(Files.exists(ofLiving), "the file of a running process");
            assertTrue(Files.exists(notOurs), "a file superpose did not write");
            assertTrue(Files.exists(targets.file()));
        }
    }

    @Test
    void theShippedPrometheusConfigReadsTheAnnouncedTargetsOnly() throws IOException {
        String config = Files.readString(Path.of("config/prometheus.yml"));
        assertTrue(config.contains("files: ['" + PrometheusTargets.DEFAULT_DIR + "/*.json']"), config);
        assertFalse(config.contains("static_configs"), "every endpoint is announced; a static one would hide"
                + " whether the discovery works:\n" + config);
    }
}
