package dev.superpose.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes sweep files for tests and loads them. */
final class SweepFiles {
    /** A complete minimal sweep: only the required settings. */
    static final String MINIMAL = """
            sweep { name = test, experiment = tms, seeds = [0] }
            """;

    private SweepFiles() {
    }

    static Path write(Path dir, String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SweepPlan load(Path dir, String content, String... overrides) {
        return SweepLoader.load(write(dir, "test.conf", content), List.of(overrides));
    }
}
