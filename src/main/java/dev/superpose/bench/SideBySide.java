package dev.superpose.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * superpose against the PyTorch reference loop, back to back: each round measures superpose,
 * then the reference at each of its settings, and takes the ratio against the best setting of
 * that round, so that a machine whose speed drifts (other work starting or stopping) moves both
 * sides of a ratio alike. The summary is the median ratio over the rounds. Without a Python that
 * imports torch, only superpose's figures are printed, with one line saying why.
 */
final class SideBySide {
    /** One setting of the reference loop: extra arguments and its thread count. */
    record TorchSetting(String label, List<String> args, int threads) {
    }

    /** The reference side: the loop to run and its settings; empty reference = superpose alone. */
    record Reference(Optional<TorchReference> torch, String script, List<TorchSetting> settings) {
    }

    private SideBySide() {
    }

    /**
     * One stack's line of the Markdown table: the medians over the rounds of superpose's rate, of
     * the best PyTorch rate (with the setting that was best most often) and of the ratios.
     */
    record Row(String stack, String unit, double superpose, double torch, String setting, double ratio,
               int rounds) {
    }

    /**
     * @param stack     the stack as the table names it
     * @param unit      what the rates count ("steps/s", "samples/s")
     * @param superpose measures superpose once, printing its own lines, and returns its median rate
     * @return the table's row, when PyTorch gave a figure in at least one round
     */
    static Optional<Row> compare(PrintStream out, String config, String stack, String unit, int rounds,
                                 DoubleSupplier superpose, Reference reference) {
        if (reference.torch().isEmpty()) {
            superpose.getAsDouble();
            return Optional.empty();
        }
        TorchReference torch = reference.torch().get();
        List<Double> ratios = new ArrayList<>();
        List<Double> ourRates = new ArrayList<>();
        List<Double> torchRates = new ArrayList<>();
        List<String> bestSettings = new ArrayList<>();
        String kernel = "?";
        for (int round = 1; round <= rounds; round++) {
            double ours = superpose.getAsDouble();
            TorchReference.Result best = null;
            TorchSetting bestSetting = null;
            for (TorchSetting setting : reference.settings()) {
                Optional<TorchReference.Result> result = torch.run(reference.script(), setting.args(),
                        setting.threads(), out);
                if (result.isPresent() && (best == null || result.get().median() > best.median())) {
                    best = result.get();
                    bestSetting = setting;
                }
            }
            if (best == null) {
                out.printf("SIDE-BY-SIDE config=%s round=%d: no PyTorch figure (every setting failed)%n", config, round);
                continue;
            }
            kernel = best.blas();
            double ratio = ours / best.median();
            ratios.add(ratio);
            ourRates.add(ours);
            torchRates.add(best.median());
            bestSettings.add(String.format("%s, %d thread%s", bestSetting.label(), bestSetting.threads(),
                    bestSetting.threads() == 1 ? "" : "s"));
            out.printf("SIDE-BY-SIDE config=%s round=%d superpose=%.1f %s torch=%.1f %s (%s, %d thread%s, %s)"
                            + " ratio=%.2fx%n", config, round, ours, unit, best.median(), unit, bestSetting.label(),
                    bestSetting.threads(), bestSetting.threads() == 1 ? "" : "s", best.blas(), ratio);
        }
        if (!ratios.isEmpty()) {
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf("SIDE-BY-SIDE config=%s median ratio %.2fx over %d round%s (per round %s; torch BLAS %s)%n",
                    config, median(sorted), sorted.length, sorted.length == 1 ? "" : "s",
                    Arrays.toString(ratios.stream().map(r -> String.format("%.2f", r)).toArray()), kernel);
        }
        if (ratios.isEmpty()) {
            return Optional.empty();
        }
        String setting = bestSettings.stream().max((a, b) -> Long.compare(
                bestSettings.stream().filter(a::equals).count(), bestSettings.stream().filter(b::equals).count()))
                .orElseThrow();
        return Optional.of(new Row(stack, unit, median(ourRates), median(torchRates), setting + ", " + kernel,
                median(ratios), ratios.size()));
    }

    /**
     * The rows as a Markdown table the README's performance section takes as it is, under a line
     * naming the machine and ND4J's BLAS kernel (each row names PyTorch's).
     */
    static void printTable(PrintStream out, String machine, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.println("Markdown (" + machine + "):");
        out.println();
        out.println("| stack | superpose | PyTorch, best setting | ratio |");
        out.println("|---|---|---|---|");
        for (Row r : rows) {
            out.printf("| %s | %s %s | %s %s (%s) | %.2f× (median of %d round%s) |%n", r.stack(), rate(r.superpose()),
                    r.unit(), rate(r.torch()), r.unit(), r.setting(), r.ratio(), r.rounds(), r.rounds() == 1 ? "" : "s");
        }
        out.println();
    }

    /** Three significant figures or more, with thousands separated: 2,499 / 101 / 42.5 / 55.5 M. */
    private static String rate(double value) {
        if (value >= 1e6) {
            return String.format("%.1f M", value / 1e6);
        }
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.3g", value);
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
