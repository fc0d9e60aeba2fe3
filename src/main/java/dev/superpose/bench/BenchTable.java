package dev.superpose.bench;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The side-by-side figures as a Markdown table the README's performance section takes as it is,
 * under one line saying what produced it: the command, when, how long it took, the CPU, how busy
 * the machine was when it started, and the BLAS kernel each side ran on.
 */
public final class BenchTable {
    /**
     * One stack's line: medians over the rounds of superpose's rate and of the best PyTorch rate,
     * and each round's ratio.
     *
     * @param setting PyTorch's setting and how it was chosen ("bmm, 2 threads; best of 4 in round 1, kept")
     */
    public record Row(String stack, String unit, double superpose, double torch, String setting, List<Double> ratios,
                      String torchVersion, String torchKernel) {
        public Row {
            ratios = List.copyOf(ratios);
        }

        /** The median of the rounds' ratios. */
        public double ratio() {
            return SideBySide.median(ratios);
        }
    }

    /**
     * What produced the table.
     *
     * @param command     the command line as the user would type it
     * @param loadAverage the 1-minute load average when the run started (empty where the OS does not say)
     */
    public record Caption(String command, ZonedDateTime started, Duration elapsed, BenchMachine machine,
                          OptionalDouble loadAverage) {
    }

    private BenchTable() {
    }

    /** The caption line, a blank line and the table; no lines when there are no rows. */
    public static List<String> lines(Caption caption, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        BenchMachine m = caption.machine();
        lines.add(String.format(Locale.ROOT, "`%s`, %s, %s, on %s (%d cores; 1-minute load average %s at the start): superpose on"
                        + " ND4J with %s, PyTorch %s on %s. Rates: medians over the rounds of each side's median of"
                        + " repeats; ratio: median of the rounds' ratios, each round running superpose then PyTorch"
                        + " back to back.",
                caption.command(), caption.started().withZoneSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), duration(caption.elapsed()),
                m.cpuModel(), m.cores(),
                caption.loadAverage().isPresent() ? String.format(Locale.ROOT, "%.2f", caption.loadAverage().getAsDouble()) : "unknown",
                m.ndKernel(), distinct(rows, Row::torchVersion), distinct(rows, Row::torchKernel)));
        lines.add("");
        lines.add("| stack | superpose | PyTorch | superpose ÷ PyTorch |");
        lines.add("|---|---|---|---|");
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, "| %s | %s %s | %s %s (%s) | %.2f× (%s) |", r.stack(), rate(r.superpose()), r.unit(),
                    rate(r.torch()), r.unit(), r.setting(), r.ratio(), spread(r.ratios())));
        }
        return lines;
    }

    /** "1 round" or "3 rounds: 5.06–6.41". */
    private static String spread(List<Double> ratios) {
        if (ratios.size() == 1) {
            return "1 round";
        }
        double low = ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(Locale.ROOT, "%d rounds: %.2f–%.2f", ratios.size(), low, high);
    }

    /** The values the rows hold, in order, each once ("OpenBLAS/Haswell", or "A / B" if they differ). */
    private static String distinct(List<Row> rows, Function<Row, String> value) {
        return String.join(" / ", rows.stream().map(value).distinct().toList());
    }

    /** "14 min 3 s", "45 s". */
    static String duration(Duration d) {
        long seconds = Math.round(d.toMillis() / 1000.0);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /** Three significant figures or more, with thousands separated: 2,499 / 101 / 42.5 / 55.5 M. */
    static String rate(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M", value / 1e6);
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
