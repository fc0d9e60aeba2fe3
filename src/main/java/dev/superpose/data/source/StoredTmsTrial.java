package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.TrialSpec;
import dev.superpose.store.Database;
import dev.superpose.store.StoreException;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings a finished TMS trial was trained with, read back from its sweep's stored
 * configuration in the home's database, and the check that the model and data sections of an SAE
 * sweep over it agree with them. A tms source draws the trial's inputs x from those sections; had
 * they other values than the trial's, the SAE would see data the toy model never did, silently.
 * So every setting that draws x must equal the trial's: the SAE sweep states them (a wrong or
 * missing one is named with the trial's value), and its identity then pins its data.
 */
public final class StoredTmsTrial {
    /** The settings that draw x, each with its path: importance and the data-set size do not. */
    private static final List<Setting> DRAWING = List.of(
            new Setting("model.features", c -> c.model().features()),
            new Setting("data.feature-probability", c -> c.data().featureProbability()),
            new Setting("data.magnitude", c -> c.data().magnitude()),
            new Setting("data.correlated-sets, data.anticorrelated-sets, data.set-size and data.anticorrelated-mode",
                    c -> c.data().sets()),
            new Setting("data.unit-norm", c -> c.data().unitNorm()),
            new Setting("data.kind and its settings", c -> c.data().generator()));

    private record Setting(String path, Function<TrialConfig, Object> value) {
    }

    private StoredTmsTrial() {
    }

    /**
     * The trial {@code trial} ("{@code <sweep>/<trial_id>}") as its sweep stored it in {@code home}.
     *
     * @throws BadInputException when the home has no database, no such sweep, or no such trial
     */
    public static TrialConfig read(Path home, String trial) {
        String[] parts = trial.split("/");
        String what = "source.trial = \"" + trial + "\"";
        Path file = home.resolve("results").resolve("superpose.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(what + ": no superpose database at " + file + " (run the TMS sweep "
                    + parts[0] + " first, in the same --home)");
        }
        try (Database db = Database.openReadOnly(home)) {
            SweepRow row = new SweepRepository(db).findByName(parts[0]).orElseThrow(() -> new BadInputException(
                    what + ": no sweep " + parts[0] + " in " + home + " (run it first, in the same --home)"));
            if (!row.experiment().startsWith("tms")) {
                throw new BadInputException(what + ": sweep " + parts[0] + " is a " + row.experiment()
                        + " sweep, not a TMS one");
            }
            return SweepLoader.fromStored(row.configJson()).trials().stream()
                    .filter(t -> t.trialId().equals(parts[1])).findFirst().map(TrialSpec::config)
                    .orElseThrow(() -> new BadInputException(what + ": sweep " + parts[0] + " has no trial "
                            + parts[1]));
        } catch (StoreException e) {
            throw new BadInputException(what + ": cannot read the database at " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param sae the SAE trial whose tms source is {@code tms}
     * @throws BadInputException naming every setting that draws x and differs from the trial's, with both values
     */
    public static void requireAgreement(TrialConfig sae, TrialConfig tms) {
        List<String> differences = new ArrayList<>();
        for (Setting s : DRAWING) {
            Object ours = s.value().apply(sae);
            Object theirs = s.value().apply(tms);
            if (!Objects.equals(ours, theirs)) {
                differences.add(s.path() + " is " + ours + " here but " + theirs + " in the trial");
            }
        }
        if (!differences.isEmpty()) {
            throw new BadInputException("source.trial = \"" + sae.source().trial() + "\": the model and data"
                    + " settings draw that trial's inputs, so they must be the trial's own: "
                    + String.join("; ", differences));
        }
    }
}
