package dev.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.superpose.orchestrator.RunAbortedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors superpose did not expect get their own exit code and one line; only bad input exits with 2. */
class ExitCodesTest {
    @Command(name = "throwing")
    static final class Throwing implements Callable<Integer> {
        static Throwable toThrow;

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Exception e) {
                throw e;
            }
            throw (Error) toThrow;
        }
    }

    @Test
    void anUnexpectedExceptionExitsWith70InOneLineWithTheStackTraceInTheLog() throws IOException {
        Throwing.toThrow = new IllegalStateException("the impossible happened\nsecond line");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.withExitCodes(new CommandLine(new Throwing()));
        cli.setErr(new PrintWriter(err, true));

        assertEquals(Main.EXIT_INTERNAL_ERROR, cli.execute());

        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("superpose: internal error: IllegalStateException: the impossible happened (stack trace in "),
                line);
        Path log = Path.of(line.substring(line.indexOf("stack trace in ") + "stack trace in ".length(), line.length() - 1));
        assertTrue(Files.readString(log).contains("at dev.superpose.cli.ExitCodesTest.anUnexpectedException"));
    }

    @Test
    void anOutOfMemoryErrorIsAnInternalErrorThatSaysWhatToChange() {
        StringWriter err = new StringWriter();
        assertEquals(Main.EXIT_INTERNAL_ERROR, Main.internalError(new PrintWriter(err, true),
                new OutOfMemoryError("Java heap space")));
        assertTrue(err.toString().contains("OutOfMemoryError: Java heap space; give the JVM more memory")
                && err.toString().contains("sweep.stack-size"), err.toString());
    }

    @Test
    void anAbortedRunExitsWith3AndSaysItResumes() {
        Throwing.toThrow = new RunAbortedException("the sweep supervisor stopped before the sweep ended: disk full", null);
        StringWriter err = new StringWriter();
        CommandLine cli = Main.withExitCodes(new CommandLine(new Throwing()));
        cli.setErr(new PrintWriter(err, true));

        assertEquals(Main.EXIT_ABORTED, cli.execute());
        assertEquals("superpose: the sweep supervisor stopped before the sweep ended: disk full; every recorded result is"
                + " kept: once that is fixed, run the same command to resume", err.toString().strip());
    }

    @Test
    void anInfiniteLearningRateIsBadInputNotACrash(@TempDir Path home) throws IOException {
        Path file = home.resolve("sweep.conf");
        Files.writeString(file, "sweep { name = inf, experiment = tms, seeds = [0] }\ntrain { steps = 10, lr = 1e999 }\n");

        CliRun run = CliRun.of("run", file.toString(), "--home", home.toString(), "--metrics-port", "0");

        assertEquals(Main.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("train.lr"), run.err());
        assertFalse(Files.exists(home.resolve("results")), "nothing written");
    }
}
