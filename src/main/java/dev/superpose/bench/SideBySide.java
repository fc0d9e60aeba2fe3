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
     * @param unit      what the rates count ("steps/s", "samples/s")
     * @param superpose measures superpose once, printing its own lines, and returns its median rate
     */
    static void compare(PrintStream out, String config, String unit, int rounds, DoubleSupplier superpose,
                        Reference reference) {
        if (reference.torch().isEmpty()) {
            superpose.getAsDouble();
            return;
        }
        TorchReference torch = reference.torch().get();
        List<Double> ratios = new ArrayList<>();
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
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
