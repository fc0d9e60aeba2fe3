package dev.superpose.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void unknownTorchSettingsIsBadInput() {
        CliRun run = CliRun.of("bench", "tms", "--torch-settings", "sometimes", "--python", "/nonexistent/python3");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --torch-settings must be first-round or every-round, got 'sometimes'",
                run.err().strip());
    }

    @Test
    void torchSettingsWithTorchOffIsBadInput() {
        CliRun run = CliRun.of("bench", "sae", "--torch", "OFF", "--torch-settings", "every-round");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --torch-settings chooses the PyTorch reference's settings, which --torch=OFF"
                + " switches off", run.err().strip());
    }

    @Test
    void tableWithTorchOffIsBadInput() {
        CliRun run = CliRun.of("bench", "table", "--torch", "OFF");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --torch=OFF: this command compares superpose with PyTorch and has nothing to show"
                + " without it", run.err().strip());
    }

    @Test
    void tableWithoutTorchIsBadInputEvenOnAuto() {
        CliRun run = CliRun.of("bench", "table", "--python", "/nonexistent/python3");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --torch=AUTO (this command needs PyTorch): none of [/nonexistent/python3] imports"
                + " torch (Debian: apt-get install python3-torch libopenblas0-pthread)", run.err().strip());
    }

    @Test
    void tableZeroRepeatsIsBadInput() {
        CliRun run = CliRun.of("bench", "table", "--repeats", "0");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("superpose: --repeats and --rounds must be >= 1, got 0 and 3", run.err().strip());
    }

    @Test
    void helpDocumentsTorchSettingsAndTheTable() {
        String help = CliRun.of("bench", "table", "--help").out();
        assertTrue(help.contains("--torch-settings=first-round|every-round"), help);
        assertTrue(help.contains("(default: first-round)"), help);
        assertTrue(help.contains("3 for bench table"), help);
        assertTrue(CliRun.of("bench", "--help").out().contains("table"));
    }

    @Test
    void optionsTheStudyWouldIgnoreAreBadInput() {
        for (String[] option : new String[][]{{"--rounds", "3"}, {"--repeats", "2"}, {"--torch-settings", "every-round"},
                {"--python", "/usr/bin/python3"}, {"--torch", "REQUIRED"}}) {
            CliRun run = CliRun.of("bench", "sae", "--configs", "study", option[0], option[1]);
            assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), option[0]);
            assertEquals("superpose: " + option[0] + " does not apply to --configs study: it runs once, without a"
                    + " PyTorch side (add another config, e.g. --configs study,wide, to use it)", run.err().strip());
        }
    }
}
