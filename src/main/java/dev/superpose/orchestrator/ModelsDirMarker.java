package dev.superpose.orchestrator;

import dev.superpose.config.BadInputException;
import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Ties {@code models/<sweep>/} to the database row of its sweep: the directory holds {@code
 * sweep-id}, the sweep's uid. A database that lost the sweep (deleted, or replaced by an empty or
 * another home's one) would otherwise treat its trials as never trained, train them again and
 * overwrite the weights beside it; such a run is refused before anything is written.
 */
final class ModelsDirMarker {
    static final String FILE = "sweep-id";

    private final Path modelsDir;
    private final String sweep;

    /** @param modelsDir {@code models/<sweep>} of sweep {@code sweep} */
    ModelsDirMarker(Path modelsDir, String sweep) {
        this.modelsDir = modelsDir;
        this.sweep = sweep;
    }

    /**
     * @param uid the sweep's uid in the database, empty if the database has no such sweep
     * @throws BadInputException if the directory holds files of a sweep this database does not know
     */
    void requireBelongsTo(Optional<String> uid) {
        Optional<String> marked = marked();
        if (uid.isEmpty() && (marked.isPresent() || holdsFiles())) {
            throw new BadInputException(modelsDir + " holds the weights of a sweep '" + sweep + "' that this home's"
                    + " database (results/superpose.mv.db) does not know: was the database deleted or replaced?"
                    + " Restore it to resume, move " + modelsDir + " away to start again, or run under a new name"
                    + " with --set sweep.name=NEW");
        }
        if (uid.isPresent() && marked.isPresent() && !marked.get().equals(uid.get())) {
            throw new BadInputException(modelsDir + " belongs to another sweep '" + sweep + "' (" + FILE + " "
                    + marked.get() + ") than the one in this home's database (" + uid.get() + "): was the database"
                    + " replaced? Restore the matching database, or run under a new name with --set sweep.name=NEW");
        }
    }

    /** Writes {@code sweep-id} (again: a sweep from before it existed gets it on its next run). */
    void mark(String uid) throws IOException {
        if (!marked().equals(Optional.of(uid))) {
            AtomicFiles.write(modelsDir.resolve(FILE), (uid + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private Optional<String> marked() {
        Path file = modelsDir.resolve(FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Any regular file below the directory (its empty checkpoints/ directory does not count). */
    private boolean holdsFiles() {
        if (!Files.isDirectory(modelsDir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(modelsDir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + modelsDir + ": " + e.getMessage());
        }
    }
}
