package dev.superpose.data.source;

import dev.superpose.config.BadInputException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a setting's file is. A relative path names a file inside the home's {@code data/} (or, for
 * {@code source.trial}, {@code models/}) and may not climb out of it with {@code ..}; reading a file
 * anywhere else takes an absolute path, given on purpose.
 */
public final class DataPaths {
    private DataPaths() {
    }

    /** The file {@code value} of {@code setting}: absolute as given, relative inside {@code <home>/data}. */
    public static Path dataFile(Path home, String setting, String value) {
        return inside(home.toAbsolutePath().normalize().resolve("data"), setting, value);
    }

    /**
     * {@code value} resolved against {@code dir} if relative, where it must stay.
     *
     * @throws BadInputException if a relative path leaves {@code dir}, or is no path at all
     */
    public static Path inside(Path dir, String setting, String value) {
        Path given;
        try {
            given = Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadInputException(setting + " = \"" + value + "\": not a file path (" + e.getReason() + ")");
        }
        if (given.isAbsolute()) {
            return given.normalize();
        }
        Path base = dir.toAbsolutePath().normalize();
        Path file = base.resolve(given).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new BadInputException(setting + " = \"" + value + "\": a relative path must name a file inside "
                    + base + "; give an absolute path to read a file elsewhere");
        }
        return file;
    }

    /** The weights of {@code source.trial = "<sweep>/<trial_id>"}: {@code <home>/models/<sweep>/<trial_id>.npz}. */
    public static Path trialWeights(Path home, String trial) {
        String[] parts = trial.split("/", -1);
        if (parts.length != 2 || isDotName(parts[0]) || isDotName(parts[1])) {
            throw new BadInputException("source.trial = \"" + trial + "\": expected \"<sweep>/<trial_id>\", two names"
                    + " (not . or ..) joined by /");
        }
        return inside(home.toAbsolutePath().normalize().resolve("models"), "source.trial", parts[0] + "/" + parts[1]
                + ".npz");
    }

    private static boolean isDotName(String name) {
        return name.isEmpty() || name.equals(".") || name.equals("..");
    }
}
