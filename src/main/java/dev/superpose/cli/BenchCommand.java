package dev.superpose.cli;

import dev.superpose.bench.BenchMachine;
import dev.superpose.bench.CodePathBenchmark;
import dev.superpose.bench.SaeBenchmark;
import dev.superpose.bench.SweepSoak;
import dev.superpose.bench.TmsBenchmark;
import dev.superpose.bench.TorchReference;
import dev.superpose.config.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code superpose bench …}: benchmarks (see the README's performance section). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Tms.class, BenchCommand.Sae.class, BenchCommand.Paths.class,
                BenchCommand.Soak.class})
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
                        + " (default: ${DEFAULT-VALUE}).")
        private TorchMode torch;

        @Option(names = "--python", split = ",",
                description = "Python(s) to try for the reference loops, first that imports torch wins"
                        + " (default: /usr/bin/python3,python3).")
        private List<String> pythons;

        @Option(names = "--rounds", defaultValue = "1",
                description = "Back-to-back rounds of superpose then PyTorch per stack; the median ratio is"
                        + " reported (default: ${DEFAULT-VALUE}).")
        private int rounds;

        /** The machine line {@link #start} printed. */
        private String machine;

        /** Checks the options, prints the machine line and finds the reference Python. */
        Optional<TorchReference> start(PrintStream out, int repeats) {
            if (repeats < 1 || rounds < 1) {
                throw new BadInputException("--repeats and --rounds must be >= 1, got " + repeats + " and " + rounds);
            }
            if (torch == TorchMode.OFF && pythons != null) {
                throw new BadInputException("--python names a Python for the PyTorch reference, which --torch=OFF"
                        + " switches off");
            }
            List<String> candidates = pythons == null ? TorchReference.DEFAULT_PYTHONS : pythons;
            Optional<TorchReference> reference = torch == TorchMode.OFF ? Optional.empty()
                    : TorchReference.find(candidates);
            if (reference.isEmpty() && torch == TorchMode.REQUIRED) {
                throw new BadInputException("--torch=REQUIRED: none of " + candidates + " imports torch (Debian:"
                        + " apt-get install python3-torch libopenblas0-pthread)");
            }
            machine = BenchMachine.probe().describe();
            out.println(machine);
            out.println(reference.map(r -> "PyTorch reference: " + r.python() + ", " + rounds + " round(s) per stack")
                    .orElse(torch == TorchMode.OFF ? "PyTorch reference: off (--torch=OFF)"
                            : "PyTorch reference: skipped, none of " + candidates + " imports torch"));
            return reference;
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

        @Override
        public Integer call() {
            TmsBenchmark.requireKnown(configs);
            Optional<TorchReference> torch = comparison.start(System.out, repeats);
            TmsBenchmark.run(System.out, configs, repeats, comparison.rounds, torch, comparison.machine);
            return Main.EXIT_DONE;
        }
    }

    /** {@code bench sae}: training throughput of the reference SAE stacks. */
    @Command(name = "sae", mixinStandardHelpOptions = true,
            description = "Training samples/s of the reference ReLU SAE stacks (wide: 16 x 256->1024, batch 256;"
                    + " toy: 210 x 2->5, batch 1024; sweep: 210 x 256->512, batch 256; study: the sweep shape"
                    + " warmed up longer, with each L1 coefficient's L0 and the projected time of the 16-call study).")
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

        @Override
        public Integer call() {
            SaeBenchmark.requireKnown(configs);
            Optional<TorchReference> torch = comparison.start(System.out, repeats);
            SaeBenchmark.run(System.out, configs, repeats, threads, comparison.rounds, torch, comparison.machine);
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
