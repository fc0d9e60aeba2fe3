package dev.superpose.cli;

import dev.superpose.config.BadInputException;
import dev.superpose.orchestrator.RunAbortedException;
import dev.superpose.orchestrator.SweepRunner;
import dev.superpose.store.Database;
import dev.superpose.store.HomeInUseException;
import dev.superpose.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code superpose}: the command line. Exit codes: 0 done, 1 finished with failed trials, 2 bad
 * input (nothing written), 3 the run stopped on an error it could not go on past (resumable once
 * fixed), 69 ND4J's native backend cannot start here, 70 an unexpected internal error (stack
 * trace in a log file), 130 interrupted; {@code worker}'s own codes are WorkerNode's.
 */
@Command(name = "superpose", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sweeps of toy models of superposition, trained in parallel stacks.",
        subcommands = {RunCommand.class, WorkerCommand.class, StatusCommand.class, ExportCommand.class, RmCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int EXIT_DONE = 0;
    public static final int EXIT_FAILED_TRIALS = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** The run stopped before the sweep ended, or could not start: disk full, database closed or unreadable, an actor it needs stopped. */
    public static final int EXIT_ABORTED = 3;
    /** export wrote the outputs, but some finished trials' weight files are missing (listed; a run trains them again). */
    public static final int EXIT_WEIGHTS_MISSING = 4;
    /** An error superpose did not expect: a bug, or the JVM out of memory (EX_SOFTWARE of sysexits.h). */
    public static final int EXIT_INTERNAL_ERROR = 70;
    /** ND4J's native backend cannot start on this machine (e.g. the CUDA build without a driver): EX_UNAVAILABLE. */
    public static final int EXIT_BACKEND_UNAVAILABLE = 69;
    public static final int EXIT_INTERRUPTED = SweepRunner.EXIT_INTERRUPTED;

    static {
        Database.bindServersToLoopback(); // before anything can load H2
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable e) { // errors (OutOfMemoryError) pass picocli's handler
            code = internalError(new PrintWriter(System.err, true), e);
        }
        System.exit(code);
    }

    /** The configured command line; tests execute it in-process. */
    static CommandLine commandLine() {
        return withExitCodes(new CommandLine(new Main()));
    }

    /** Maps what a command throws to the exit codes above, with one line on the terminal. */
    static CommandLine withExitCodes(CommandLine commandLine) {
        return commandLine
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof BadInputException || e instanceof HomeInUseException) {
                        cmd.getErr().println("superpose: " + e.getMessage());
                        return EXIT_BAD_INPUT;
                    }
                    if (e instanceof NativeBackend.UnavailableException) {
                        cmd.getErr().println("superpose: " + e.getMessage());
                        return EXIT_BACKEND_UNAVAILABLE;
                    }
                    if (e instanceof RunAbortedException || e instanceof StoreException) {
                        cmd.getErr().println("superpose: " + e.getMessage()
                                + "; every recorded result is kept: once that is fixed, run the same command to resume");
                        return EXIT_ABORTED;
                    }
                    return internalError(cmd.getErr(), e);
                });
    }

    /** One line on the terminal; the stack trace goes to the error log. */
    static int internalError(PrintWriter err, Throwable e) {
        Path log = ErrorLog.write(e);
        String hint = e instanceof OutOfMemoryError
                ? "; give the JVM more memory (-Xmx, -Dorg.bytedeco.javacpp.maxphysicalbytes) or make stacks smaller"
                        + " (sweep.stack-size)"
                : "";
        err.println("superpose: internal error: " + ErrorLog.oneLine(e) + hint
                + (log == null ? "" : " (stack trace in " + log + ")"));
        err.flush();
        return EXIT_INTERNAL_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"superpose " + (v == null ? "(development build)" : v)};
        }
    }
}
