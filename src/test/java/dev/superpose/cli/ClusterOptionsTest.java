package dev.superpose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bad cluster options of `run` and `worker` are refused with exit 2 before anything starts. */
class ClusterOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aLingerThatIsNoDurationIsRefused() throws Exception {
        CliRun run = run("--cluster-port", "25520", "--cluster-linger", "soon");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals("superpose: --cluster-linger soon: expected a duration such as 30s, 5m or 0", run.err().strip());
    }

    @Test
    void aNegativeOrHoursLongLingerIsRefused() throws Exception {
        for (String linger : new String[]{"-1s", "2h"}) {
            CliRun run = run("--cluster-port", "25520", "--cluster-linger", linger);
            assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
            assertEquals("superpose: --cluster-linger " + linger + ": expected 0 to 3600 s", run.err().strip());
        }
    }

    @Test
    void aLingerWithoutAClusterIsRefused() throws Exception {
        CliRun run = run("--cluster-linger", "10s");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals("superpose: --cluster-linger: only with --cluster-port (it is how long workers are told that the"
                + " sweep has ended)", run.err().strip());
        assertFalse(Files.exists(dir.resolve("home")), "nothing written");
    }

    @Test
    void aJoinAddressWithoutAPortIsRefused() {
        CliRun run = CliRun.of("worker", "--join", "head.example");
        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals("superpose: --join head.example: expected HOST:PORT of the run node, e.g. 127.0.0.1:25520",
                run.err().strip());
    }

    private CliRun run(String... options) throws Exception {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, "sweep { name = s, experiment = tms, seeds = [0] }\nmodel { features = 5, hidden = 2 }\n");
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--home", dir.resolve("home").toString(),
                "--metrics-port", "0"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }
}
