package dev.superpose.cli;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.eval.SaeLensExport;
import dev.superpose.eval.ExperimentOutputs;
import dev.superpose.eval.SweepExporter;
import dev.superpose.orchestrator.SweepRegistry;
import dev.superpose.store.Database;
import dev.superpose.store.StoreException;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;
import dev.superpose.store.TrialRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Writes a sweep's tables and figures again from what is stored (H2 and the weight files), for
 * whatever trials have finished: after a run, or while one is going on, as a snapshot.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a sweep's CSV tables and plots from the database and weight files.")
final class ExportCommand implements Callable<Integer> {
    /** {@code --format}: the CSV tables (and the plots that go with them). */
    private static final String CSV = "csv";
    /** {@code --format}: each SAE as a folder SAELens' {@code SAE.load_from_disk} reads. */
    private static final String SAELENS = "saelens";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's name.")
    private String sweep;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "The home whose results/ and models/ to read and write (default: the current directory).")
    private Path home;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = CSV,
            description = "Output format: csv (results/<sweep>/*.csv and plots/*.png; the default) or saelens"
                    + " (results/<sweep>/saelens/<trial_id>/sae_weights.safetensors + cfg.json per finished SAE).")
    private String format;

    @Override
    public Integer call() {
        if (!CSV.equals(format) && !SAELENS.equals(format)) {
            throw new BadInputException("--format " + format + ": expected csv or saelens");
        }
        Path file = home.resolve("results").resolve("superpose.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--home " + home + ": no superpose database at " + file
                    + "; run a sweep there first");
        }
        try (Database db = Database.openReadOnly(home)) {
            SweepRow row = new SweepRepository(db).findByName(sweep).orElseThrow(() ->
                    new BadInputException("no sweep '" + sweep + "' in " + home + "; " + ShellCommand.of("status", "--home", home.toString())
                            + " lists them"));
            // the stored trial ids: an extended sweep's are not in expansion order
            SweepPlan plan = SweepRegistry.aligned(new TrialRepository(db).list(row.id()), SweepLoader.fromStored(row.configJson()));
            Path results = home.resolve("results").resolve(sweep);
            Path models = home.resolve("models").resolve(sweep);
            SweepExporter exporter = new SweepExporter(db, results, models,
                    ExperimentOutputs.of(plan.experiment(), home));
            List<String> missing = new ArrayList<>();
            if (SAELENS.equals(format)) {
                if (plan.experiment() != Experiment.SAE) {
                    throw new BadInputException("--format saelens: sweep " + sweep + " is a " + plan.experiment().id()
                            + " sweep; SAELens holds sparse autoencoders (experiment sae)");
                }
                Path folder = results.resolve("saelens");
                int written = SaeLensExport.write(folder, exporter.finished(row.id(), plan, missing));
                spec.commandLine().getOut().println("saelens: " + written + " SAE(s) in " + folder);
            } else {
                missing.addAll(exporter.export(row.id(), plan));
                spec.commandLine().getOut().println("results: " + results);
            }
            if (!missing.isEmpty()) {
                spec.commandLine().getErr().println("superpose: the weights of " + missing.size() + " finished trial(s) are"
                        + " missing from " + models + " (" + String.join(", ", missing) + "): their metrics are in"
                        + " the tables, everything drawn from weights leaves them out; running the sweep's file"
                        + " again in this home trains them again");
                return Main.EXIT_WEIGHTS_MISSING;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export sweep " + sweep, e);
        } catch (StoreException e) {
            throw new BadInputException("--home " + home + ": cannot read the database: " + e.getMessage());
        }
        return Main.EXIT_DONE;
    }
}
