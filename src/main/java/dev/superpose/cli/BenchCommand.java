package dev.superpose.cli;

import dev.superpose.bench.BenchMachine;
import dev.superpose.bench.BenchTable;
import dev.superpose.bench.CodePathBenchmark;
import dev.superpose.bench.ComparisonPlan;
import dev.superpose.bench.SaeBenchmark;
import dev.superpose.bench.SweepSoak;
import dev.superpose.bench.TmsBenchmark;
import dev.superpose.bench.TorchReference;
import dev.superpose.bench.TorchSearch;
import dev.superpose.config.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code superpose bench …}: benchmarks (see the README's performance section). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Tms.class, BenchCommand.Sae.class, BenchCommand.Table.class,
                BenchCommand.Paths.class, BenchCommand.Soak.class})
final class BenchCommand {

    /** How the throughput benchmarks compare with the PyTorch reference loops of src/bench/. */
    enum TorchMode {
        /** Side by side when a Python that imports torch is found, superpose alone otherwise. */
        AUTO,
        /** Side by side, or exit 2 when no such Python is found. */
        REQUIRED,
        /** superpose alone. */
        OFF
    }

    /** Options shared by the throughput benchmarks. */
    static final class Comparison {
        @Option(names = "--torch", defaultValue = "AUTO",
                description = "Run the PyTorch reference loops side by side: ${COMPLETION-CANDIDATES}"
                        + " (default: ${DEFAULT-VALUE}; bench table needs PyTorch, so AUTO means REQUIRED there).")
        private TorchMode torch;

        @Option(names = "--python", split = ",",
                description = "Python(s) to try for the reference loops, first that imports torch wins"
                        + " (default: /usr/bin/python3,python3).")
        private List<String> pythons;

        @Option(names = "--rounds",
                description = "Back-to-back rounds of superpose then PyTorch per stack; the median ratio is"
                        + " reported (default: 1; 3 for bench table).")
        private Integer rounds;

        @Option(names = "--torch-settings", paramLabel = "first-round|every-round",
                description = "Which of PyTorch's settings (TMS: bmm/einsum x 1/2 threads; SAE: 1/2 threads) each"
                        + " round runs: first-round = all of them in round 1, then only round 1's best;"
                        + " every-round = all of them in every round, the ratio against each round's best"
                        + " (default: first-round).")
        private String torchSettings;

        /** Why the reference is off when {@link #torch} is OFF: the user's option, unless a command switched it off. */
        private String offReason = "--torch=OFF";

        /** The machine {@link #start} printed. */
        private BenchMachine machine;
        /** When {@link #start} was called, and the machine's load then. */
        private ZonedDateTime started;
        private OptionalDouble loadAverage;

        /**
         * Checks the options, prints the machine line and finds the reference Python.
         *
         * @param defaultRounds the command's --rounds when the user gave none
         * @param torchNeeded   whether the command has nothing to show without PyTorch
         */
        ComparisonPlan start(PrintStream out, int repeats, int defaultRounds, boolean torchNeeded) {
            started = ZonedDateTime.now();
            loadAverage = BenchMachine.loadAverage();
            int roundCount = rounds == null ? defaultRounds : rounds;
            if (repeats < 1 || roundCount < 1) {
                throw new BadInputException("--repeats and --rounds must be >= 1, got " + repeats + " and " + roundCount);
            }
            TorchSearch search = search();
            if (torch == TorchMode.OFF) {
                if (torchNeeded) {
                    throw new BadInputException("--torch=OFF: this command compares superpose with PyTorch and has"
                            + " nothing to show without it");
                }
                if (pythons != null) {
                    throw new BadInputException("--python names a Python for the PyTorch reference, which --torch=OFF"
                            + " switches off");
                }
                if (torchSettings != null) {
                    throw new BadInputException("--torch-settings chooses the PyTorch reference's settings, which"
                            + " --torch=OFF switches off");
                }
            }
            List<String> candidates = pythons == null ? TorchReference.DEFAULT_PYTHONS : pythons;
            Optional<TorchReference> reference = torch == TorchMode.OFF ? Optional.empty()
                    : TorchReference.find(candidates);
            if (reference.isEmpty() && (torch == TorchMode.REQUIRED || torchNeeded)) {
                throw new BadInputException("--torch=" + torch + (torchNeeded ? " (this command needs PyTorch)" : "")
                        + ": none of " + candidates + " imports torch (Debian: apt-get install python3-torch"
                        + " libopenblas0-pthread)");
            }
            machine = BenchMachine.probe();
            out.println(machine.describe());
            out.println(reference.map(r -> "PyTorch reference: " + r.python() + ", " + roundCount + " round(s) per"
                            + " stack, " + (search == TorchSearch.FIRST_ROUND
                            ? "its settings tried in round 1, the best one kept for later rounds"
                            : "its settings tried in every round"))
                    .orElse(torch == TorchMode.OFF ? "PyTorch reference: off (" + offReason + ")"
                            : "PyTorch reference: skipped, none of " + candidates + " imports torch"));
            return new ComparisonPlan(reference, roundCount, search);
        }

        private TorchSearch search() {
            if (torchSettings == null) {
                return TorchSearch.FIRST_ROUND;
            }
            return Arrays.stream(TorchSearch.values()).filter(s -> s.option().equals(torchSettings)).findFirst()
                    .orElseThrow(() -> new BadInputException("--torch-settings must be first-round or every-round,"
                            + " got '" + torchSettings + "'"));
        }

        /** Prints the side-by-side table, captioned with the command and how long it took since {@link #start}. */
        void printTable(PrintStream out, CommandSpec spec, List<BenchTable.Row> rows) {
            List<String> lines = BenchTable.lines(new BenchTable.Caption(
                    "superpose " + spec.commandLine().getParseResult().originalArgs().stream()
                            .map(ShellCommand::quote).collect(Collectors.joining(" ")),
                    started, Duration.between(started, ZonedDateTime.now()), machine, loadAverage), rows);
            if (lines.isEmpty()) {
                return;
            }
            out.println();
            out.println("Markdown (the README's performance table takes it as it is):");
            out.println();
            lines.forEach(out::println);
            out.println();
        }
    }

    /** {@code bench tms}: training throughput of the reference stacks A, B and C. */
    @Command(name = "tms", mixinStandardHelpOptions = true,
            description = "Training steps/s of the reference TMS stacks A, B and C.")
    static final class Tms implements Callable<Integer> {
        @Option(names = "--configs", split = ",", defaultValue = "A,B,C",
                description = "Stacks to measure (default: ${DEFAULT-VALUE}).")
        private List<String> configs;

        @Option(names = "--repeats", defaultValue = "5",
                description = "Timed repeats per stack; the median is reported (default: ${DEFAULT-VALUE}).")
        private int repeats;

        @Mixin
        private Comparison comparison;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            TmsBenchmark.requireKnown(configs);
            ComparisonPlan plan = comparison.start(System.out, repeats, 1, false);
            comparison.printTable(System.out, spec,
                    TmsBenchmark.rows(System.out, configs, repeats, plan));
            return Main.EXIT_DONE;
        }
    }

    /** {@code bench sae}: training throughput of the reference SAE stacks. */
    @Command(name = "sae", mixinStandardHelpOptions = true,
            description = "Training samples/s of the reference ReLU SAE stacks (wide: 16 x 256->1024, batch 256;"
                    + " toy: 210 x 2->5, batch 1024; sweep: 210 x 256->512, batch 256; study: one 21-SAE"
                    + " stack of the sweep shape trained through its 3,600 steps, with each L1 coefficient's L0, the"
                    + " projected time of the 16-call study and this machine's floor for it).")
    static final class Sae implements Callable<Integer> {
        @Option(names = "--configs", split = ",", defaultValue = "wide,toy",
                description = "Stacks to measure (default: ${DEFAULT-VALUE}).")
        private List<String> configs;

        @Option(names = "--repeats", defaultValue = "5",
                description = "Timed repeats per stack; the median is reported (default: ${DEFAULT-VALUE}).")
        private int repeats;

        @Option(names = "--threads", defaultValue = "0",
                description = "Threads for the per-instance passes; 0 = the trainer's default (default: ${DEFAULT-VALUE}).")
        private int threads;

        @Mixin
        private Comparison comparison;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            SaeBenchmark.requireKnown(configs);
            if (configs.stream().allMatch(SaeBenchmark.STUDY::equals)) {
                studyAlone();
            }
            ComparisonPlan plan = comparison.start(System.out, repeats, 1, false);
            comparison.printTable(System.out, spec,
                    SaeBenchmark.rows(System.out, configs, repeats, threads, plan));
            return Main.EXIT_DONE;
        }

        /**
         * The study runs once, superpose alone ({@link dev.superpose.bench.StudyBenchmark}): repeats,
         * rounds and the PyTorch options would change nothing, so naming one is an error, not a no-op,
         * and no Python is looked for.
         */
        private void studyAlone() {
            for (String option : List.of("--repeats", "--rounds", "--torch-settings", "--python", "--torch")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)
                        && !(option.equals("--torch") && comparison.torch == TorchMode.OFF)) {
                    throw new BadInputException(option + " does not apply to --configs study: it runs once,"
                            + " without a PyTorch side (add another config, e.g. --configs study,wide, to use it)");
                }
            }
            comparison.torch = TorchMode.OFF;
            comparison.offReason = "--configs study has no PyTorch side";
        }
    }

    /** {@code bench table}: the README's performance table, TMS and SAE stacks side by side with PyTorch. */
    @Command(name = "table", mixinStandardHelpOptions = true,
            description = "The README's performance table in one run: TMS stacks A, B, C and SAE stacks wide, toy,"
                    + " each side by side with the PyTorch reference loops, as one Markdown table under a line"
                    + " naming the command, date, duration, CPU, load and both sides' BLAS kernels. With the"
                    + " defaults 12.5 minutes on an idle 2-core AMD EPYC (measured once, Zen 5).")
    static final class Table implements Callable<Integer> {
        @Option(names = "--repeats", defaultValue = "3",
                description = "Timed repeats per stack and side; the median is reported (default: ${DEFAULT-VALUE}).")
        private int repeats;

        @Mixin
        private Comparison comparison;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            ComparisonPlan plan = comparison.start(System.out, repeats, 3, true);
            List<BenchTable.Row> rows = new ArrayList<>(TmsBenchmark.rows(System.out, List.of("A", "B", "C"),
                    repeats, plan));
            rows.addAll(SaeBenchmark.rows(System.out, List.of("wide", "toy"), repeats, 0, plan));
            comparison.printTable(System.out, spec, rows);
            return Main.EXIT_DONE;
        }
    }

    /** {@code bench sae-paths}: the SAE training pass's sparse and dense paths over shapes and densities. */
    @Command(name = "sae-paths", mixinStandardHelpOptions = true,
            description = "Time of one SAE training pass on the sparse and the dense path over widths, latent"
                    + " counts and active fractions (what the automatic choice between them is set from).")
    static final class Paths implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(BenchMachine.probe().describe());
            CodePathBenchmark.run(System.out);
            return Main.EXIT_DONE;
        }
    }

    /** {@code bench soak}: memory of a real sweep over a long run. */
    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = "Run a real sweep for a while, printing heap, ND4J off-heap and RSS at an interval.")
    static final class Soak implements Callable<Integer> {
        @Option(names = "--minutes", defaultValue = "20", description = "How long (default: ${DEFAULT-VALUE}).")
        private double minutes;

        @Option(names = "--every-seconds", defaultValue = "60",
                description = "Seconds between readings (default: ${DEFAULT-VALUE}).")
        private double everySeconds;

        @Override
        public Integer call() {
            int exit = SweepSoak.run(System.out, Main.class.getName(), Duration.ofMillis(Math.round(minutes * 60_000)),
                    Duration.ofMillis(Math.round(everySeconds * 1000)));
            return exit == Main.EXIT_INTERRUPTED ? Main.EXIT_DONE : Main.EXIT_FAILED_TRIALS;
        }
    }
}
