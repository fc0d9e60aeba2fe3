package dev.superpose.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What tests compare in homes child processes left: their tables. */
final class SweepHome {
    private SweepHome() {
    }

    /** trials.csv and features.csv of {@code sweep} in {@code home} equal those in {@code reference} (1e-6 relative). */
    static void assertSameTables(Path reference, Path home, String sweep) throws IOException {
        for (String table : List.of("trials.csv", "features.csv")) {
            assertSameTable(reference.resolve("results/" + sweep + "/" + table), home.resolve("results/" + sweep + "/" + table));
        }
    }

    static void assertSameTable(Path expectedFile, Path actualFile) throws IOException {
        List<CSVRecord> expected = read(expectedFile);
        List<CSVRecord> actual = read(actualFile);
        assertEquals(expected.size(), actual.size(), actualFile.toString());
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                String e = expected.get(r).get(c);
                String a = actual.get(r).get(c);
                if (e.equals(a)) {
                    continue;
                }
                double ev = Double.parseDouble(e);
                double av = Double.parseDouble(a);
                assertTrue(Math.abs(ev - av) <= 1e-6 * Math.max(Math.abs(ev), 1e-12),
                        actualFile.getFileName() + " row " + r + " column " + c + ": " + a + " vs " + e);
            }
        }
    }

    static List<CSVRecord> read(Path file) throws IOException {
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, CSVFormat.DEFAULT)) {
            return new ArrayList<>(parser.getRecords());
        }
    }
}
