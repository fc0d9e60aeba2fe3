package dev.superpose.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * superpose against the PyTorch reference loop, back to back: each round measures superpose,
 * then the reference (at each of its settings in the rounds {@link TorchSearch} says, else at the
 * setting kept from round 1), and takes the ratio against the best PyTorch figure of that round,
 * so that a machine whose speed drifts (other work starting or stopping) moves both sides of a
 * ratio alike. The summary is the median ratio over the rounds. Without a Python that imports
 * torch, only superpose's figures are printed, with one line saying why.
 */
final class SideBySide {
    /** One setting of the reference loop: extra arguments and its thread count. */
    record TorchSetting(String label, List<String> args, int threads) {
        /** "bmm, 2 threads". */
        String describe() {
            return label + ", " + threads + (threads == 1 ? " thread" : " threads");
        }
    }

    /** The reference loop to run and the settings to choose from. */
    record Reference(String script, List<TorchSetting> settings) {
    }

    /**
     * One round's figures.
     *
     * @param number   1 for the first round
     * @param searched whether this round ran every setting, rather than the one kept from an earlier round
     */
    record Round(int number, double superpose, TorchReference.Result torch, TorchSetting setting, boolean searched) {
        double ratio() {
            return superpose / torch.median();
        }
    }

    private SideBySide() {
    }

    /**
     * @param stack     the stack as the table names it
     * @param unit      what the rates count ("steps/s", "samples/s")
     * @param superpose measures superpose once, printing its own lines, and returns its median rate
     * @return the table's row, when PyTorch gave a figure in at least one round
     */
    static Optional<BenchTable.Row> compare(PrintStream out, String config, String stack, String unit,
                                            DoubleSupplier superpose, Reference reference, ComparisonPlan plan) {
        if (plan.torch().isEmpty()) {
            superpose.getAsDouble();
            return Optional.empty();
        }
        TorchReference torch = plan.torch().get();
        List<Round> rounds = new ArrayList<>();
        Optional<TorchSetting> kept = Optional.empty();
        int keptFrom = 0;
        for (int round = 1; round <= plan.rounds(); round++) {
            double ours = superpose.getAsDouble();
            List<TorchSetting> settings = settingsFor(plan.search(), reference.settings(), kept);
            TorchReference.Result best = null;
            TorchSetting bestSetting = null;
            for (TorchSetting setting : settings) {
                Optional<TorchReference.Result> result = torch.run(reference.script(), setting.args(),
                        setting.threads(), out);
                if (result.isPresent() && (best == null || result.get().median() > best.median())) {
                    best = result.get();
                    bestSetting = setting;
                }
            }
            if (best == null) {
                out.printf("SIDE-BY-SIDE config=%s round=%d: no PyTorch figure (%s failed)%n", config, round,
                        settings.size() == 1 ? "its setting" : "every setting");
                continue;
            }
            boolean searched = kept.isEmpty();
            if (plan.search() == TorchSearch.FIRST_ROUND && kept.isEmpty()) {
                kept = Optional.of(bestSetting);
                keptFrom = round;
            }
            Round r = new Round(round, ours, best, bestSetting, searched);
            rounds.add(r);
            out.printf("SIDE-BY-SIDE config=%s round=%d superpose=%.1f %s torch=%.1f %s (%s, %s%s) ratio=%.2fx%n",
                    config, round, ours, unit, best.median(), unit, bestSetting.describe(), best.blas(),
                    searched ? "" : "; kept from round " + keptFrom, r.ratio());
        }
        if (rounds.isEmpty()) {
            return Optional.empty();
        }
        BenchTable.Row row = row(stack, unit, rounds, reference.settings().size(), plan.search());
        out.printf("SIDE-BY-SIDE config=%s median ratio %.2fx over %d round%s (per round %s)%n", config, row.ratio(),
                rounds.size(), rounds.size() == 1 ? "" : "s",
                row.ratios().stream().map(x -> String.format("%.2f", x)).toList());
        return Optional.of(row);
    }

    /**
     * The settings a round runs: all of them, except under {@link TorchSearch#FIRST_ROUND} once a
     * round has found its best ({@code kept}): then that one alone.
     */
    static List<TorchSetting> settingsFor(TorchSearch search, List<TorchSetting> all, Optional<TorchSetting> kept) {
        return search == TorchSearch.FIRST_ROUND && kept.isPresent() ? List.of(kept.get()) : all;
    }

    /**
     * The table's row: medians over the rounds of superpose's rate, of the best PyTorch rate and
     * of the ratios, with the setting that was best most often and how it was chosen.
     *
     * @param choices how many settings a searching round tried
     */
    static BenchTable.Row row(String stack, String unit, List<Round> rounds, int choices, TorchSearch search) {
        List<String> winners = rounds.stream().map(r -> r.setting().describe()).toList();
        String setting = winners.stream().max((a, b) -> Long.compare(
                winners.stream().filter(a::equals).count(), winners.stream().filter(b::equals).count())).orElseThrow();
        String chosen;
        if (choices == 1) {
            chosen = setting;
        } else if (search == TorchSearch.FIRST_ROUND) {
            chosen = setting + "; best of " + choices + " in round " + rounds.get(0).number()
                    + (rounds.stream().allMatch(Round::searched) ? "" : ", kept");
        } else {
            chosen = setting + "; best of " + choices + " in " + winners.stream().filter(setting::equals).count()
                    + " of " + rounds.size() + " rounds";
        }
        TorchReference.Result last = rounds.get(rounds.size() - 1).torch();
        return new BenchTable.Row(stack, unit, median(rounds.stream().map(Round::superpose).toList()),
                median(rounds.stream().map(r -> r.torch().median()).toList()), chosen,
                rounds.stream().map(Round::ratio).toList(), last.version(), last.blas());
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
