package dev.superpose.cli;

import dev.superpose.config.BadInputException;
import dev.superpose.orchestrator.SweepRunner;
import dev.superpose.store.HomeInUseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code superpose}: the command line. Exit codes (DESIGN.md §6): 0 done, 1 finished with failed
 * trials, 2 bad input (nothing written), 130 interrupted.
 */
@Command(name = "superpose", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sweeps of toy models of superposition, trained in parallel stacks.",
        subcommands = {RunCommand.class, WorkerCommand.class, StatusCommand.class, ExportCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int EXIT_DONE = 0;
    public static final int EXIT_FAILED_TRIALS = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERRUPTED = SweepRunner.EXIT_INTERRUPTED;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it in-process. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof BadInputException || e instanceof HomeInUseException) {
                        cmd.getErr().println("superpose: " + e.getMessage());
                        return EXIT_BAD_INPUT;
                    }
                    throw e;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"superpose " + (v == null ? "(development build)" : v)};
        }
    }
}
