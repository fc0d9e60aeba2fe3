package dev.superpose.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchCommandTest {
    @Test
    void unknownStackIsBadInput() {
        CliRun run = CliRun.of("bench", "tms", "--configs", "A,Z", "--torch", "OFF");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: unknown TMS benchmark config 'Z', expected one of [A, B, C]", run.err().strip());
    }

    @Test
    void requiredTorchWithoutPythonIsBadInput() {
        CliRun run = CliRun.of("bench", "sae", "--torch", "REQUIRED", "--python", "/nonexistent/python3");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --torch=REQUIRED: none of [/nonexistent/python3] imports torch (Debian:"
                + " apt-get install python3-torch libopenblas0-pthread)", run.err().strip());
    }

    @Test
    void pythonWithTorchOffIsBadInput() {
        CliRun run = CliRun.of("bench", "tms", "--torch", "OFF", "--python", "/usr/bin/python3");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --python names a Python for the PyTorch reference, which --torch=OFF switches off",
                run.err().strip());
    }

    @Test
    void zeroRoundsIsBadInput() {
        CliRun run = CliRun.of("bench", "tms", "--torch", "OFF", "--rounds", "0");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --repeats and --rounds must be >= 1, got 5 and 0", run.err().strip());
    }
}
