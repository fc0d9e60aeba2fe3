package dev.superpose.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvTableTest {
    @TempDir
    Path dir;

    private static final List<String> HEADER = List.of("trial_id", "seed", "status", "data.feature-probability",
            "note", "dims_per_feature");

    @Test
    void roundTripsValuesExactlyThroughCommonsCsv() throws IOException {
        Path file = dir.resolve("results/sweep/trials.csv");
        double third = 1.0 / 3;
        CsvTable.write(file, HEADER, List.of(
                List.of("t-0001", 7L, "DONE", third, "a, \"quoted\" note", Double.POSITIVE_INFINITY),
                Arrays.asList("t-0002", 8, "FAILED", 1e-300, null, Double.NaN),
                List.of("t-0003", 9, "DONE", 0.1f, "line\nbreak", Double.NEGATIVE_INFINITY)));

        List<CSVRecord> records = parse(file);
        assertEquals(HEADER, records.get(0).toList());
        CSVRecord first = records.get(1);
        assertEquals(List.of("t-0001", "7", "DONE"), first.toList().subList(0, 3));
        assertEquals(third, Double.parseDouble(first.get(3)));
        assertEquals("a, \"quoted\" note", first.get(4));
        assertEquals("Infinity", first.get(5));
        CSVRecord second = records.get(2);
        assertEquals(1e-300, Double.parseDouble(second.get(3)));
        assertEquals("", second.get(4));
        assertEquals("NaN", second.get(5));
        CSVRecord last = records.get(3);
        assertEquals("0.1", last.get(3)); // a float prints as itself, not as its widened double
        assertEquals("line\nbreak", last.get(4));
        assertEquals(Double.NEGATIVE_INFINITY, Double.parseDouble(last.get(5)));
        assertEquals(4, records.size());
    }

    @Test
    void quotesOnlyWhatNeedsQuotingAndEndsLinesWithNewline() throws IOException {
        Path file = dir.resolve("plain.csv");
        CsvTable.write(file, List.of("a", "b"), List.of(List.of(1, "x,y")));

        assertEquals("a,b\n1,\"x,y\"\n", Files.readString(file));
    }

    @Test
    void aRaggedRowIsRejectedAndLeavesTheOldFileInPlace() throws IOException {
        Path file = dir.resolve("features.csv");
        CsvTable.write(file, List.of("a", "b"), List.of(List.of(1, 2)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvTable.write(file, List.of("a", "b"), List.of(List.of(3, 4), List.of(5))));
        assertEquals("CSV features.csv: row 1 has 1 cells, expected 2 (a, b)", e.getMessage());
        assertEquals("a,b\n1,2\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    private static List<CSVRecord> parse(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.parse(reader)) {
            return parser.getRecords();
        }
    }
}
