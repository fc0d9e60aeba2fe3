package dev.superpose.report;

import dev.superpose.files.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a CSV table (RFC 4180 quoting, "\n" line ends, UTF-8) atomically.
 *
 * <p>Cells are written with {@code toString}, so doubles and floats come out as the shortest text
 * that parses back to the same value, and non-finite values as {@code NaN}, {@code Infinity} and
 * {@code -Infinity}, which Python's {@code float()}, pandas, R and {@code Double.parseDouble} all
 * read. {@code null} becomes an empty cell.
 */
public final class CsvTable {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private CsvTable() {
    }

    /**
     * Replaces {@code file} with the header and rows (iterated once, so a lazily produced table is
     * fine). Every row must have one cell per column; if one does not, {@code file} is left as it was.
     */
    public static void write(Path file, List<String> header, Iterable<? extends List<?>> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), FORMAT);
            printer.printRecord(header);
            int index = 0;
            for (List<?> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("CSV " + file.getFileName() + ": row " + index + " has "
                            + row.size() + " cells, expected " + header.size() + " (" + String.join(", ", header)
                            + ")");
                }
                printer.printRecord(row);
                index++;
            }
            printer.flush();
        });
    }
}
