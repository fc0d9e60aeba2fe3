package dev.superpose.cli;

import dev.superpose.config.BadInputException;
import dev.superpose.store.Database;
import dev.superpose.store.HomeLock;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code superpose rm SWEEP}: removes a sweep's rows (trials, stacks, loss curves, events,
 * checkpoints), its results folder and its weights, so that its name can start afresh. It holds
 * the home's lock throughout, so it refuses while a run uses the home and no run starts meanwhile.
 */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove a sweep: its database rows, results/<sweep>/ and models/<sweep>/.")
final class RmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's name.")
    private String sweep;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "The home that holds the sweep (default: the current directory).")
    private Path home;

    @Option(names = "--yes", description = "Do not ask; needed when the input is not a terminal.")
    private boolean yes;

    @Override
    @SuppressWarnings("try") // the home lock is held while removing, never called
    public Integer call() {
        Path file = home.resolve("results").resolve("superpose.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--home " + home + ": no superpose database at " + file);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (HomeLock lock = HomeLock.acquire(home); Database db = Database.open(home)) {
            SweepRepository sweeps = new SweepRepository(db);
            SweepRow row = sweeps.findByName(sweep).orElseThrow(() -> new BadInputException("no sweep '" + sweep
                    + "' in " + home + "; " + ShellCommand.of("status", "--home", home.toString()) + " lists them"));
            List<Path> folders = List.of(home.resolve("results").resolve(row.name()), home.resolve("models").resolve(row.name()));
            String what = "sweep " + row.name() + " (" + row.trialsTotal() + " trials, " + row.status().id() + "), "
                    + folders.get(0) + " and " + folders.get(1);
            if (!yes && !confirmed(what)) {
                out.println("nothing removed");
                return Main.EXIT_DONE;
            }
            sweeps.delete(row.id());
            folders.forEach(RmCommand::deleteTree);
            out.println("removed " + what);
        }
        return Main.EXIT_DONE;
    }

    /** Asks on the terminal; without one, only {@code --yes} removes anything. */
    private boolean confirmed(String what) {
        Console console = System.console();
        if (console == null) {
            throw new BadInputException("rm " + sweep + ": the input is not a terminal to ask on; add --yes to remove " + what);
        }
        String answer = console.readLine("remove %s? [y/N] ", what);
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    /** Deletes {@code dir} and what is in it, without following symbolic links out of it. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the sweep's rows are removed, but not all of " + dir + " (" + e + ")", e);
        }
    }
}
