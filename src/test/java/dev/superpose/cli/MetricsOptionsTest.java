package dev.superpose.cli;

import dev.superpose.metrics.PrometheusTargets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two processes with the default metrics options on one machine: both serve, both are discovered. */
class MetricsOptionsTest {
    @Command
    static final class Options {
        @Mixin
        MetricsOptions metrics = new MetricsOptions();
    }

    private static MetricsOptions parsed(String... args) {
        Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return options.metrics;
    }

    @Test
    void twoEndpointsOnTheDefaultPortBothServeAndAreAnnouncedWhileOpen() throws IOException {
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        Path firstFile;
        Path secondFile;
        try (MetricsOptions.Served a = parsed().serve(new PrintWriter(first, true));
             MetricsOptions.Served b = parsed().serve(new PrintWriter(second, true))) {
            int portA = a.metrics().endpoint().orElseThrow().getPort();
            int portB = b.metrics().endpoint().orElseThrow().getPort();
            assertNotEquals(portA, portB);
            assertTrue(second.toString().contains("metrics port 9464 is in use (another run?); serving metrics at http://127.0.0.1:"
                    + portB + "/metrics instead"), second.toString());
            firstFile = a.targets().orElseThrow().file();
            secondFile = b.targets().orElseThrow().file();
            assertEquals(PrometheusTargets.DEFAULT_DIR, firstFile.getParent());
            assertEquals("[{\"targets\": [\"127.0.0.1:" + portA + "\"]}]\n", Files.readString(firstFile));
            assertEquals("[{\"targets\": [\"127.0.0.1:" + portB + "\"]}]\n", Files.readString(secondFile));
        }
        assertFalse(Files.exists(firstFile));
        assertFalse(Files.exists(secondFile));
    }

    @Test
    void portZeroServesNothingAndAnnouncesNothing() {
        try (MetricsOptions.Served off = parsed("--metrics-port", "0").serve(new PrintWriter(new StringWriter()))) {
            assertTrue(off.metrics().endpoint().isEmpty());
            assertTrue(off.targets().isEmpty());
        }
    }
}
