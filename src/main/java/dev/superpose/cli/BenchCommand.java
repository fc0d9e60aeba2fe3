package dev.superpose.cli;

import dev.superpose.bench.SaeBenchmark;
import dev.superpose.bench.SweepSoak;
import dev.superpose.bench.TmsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code superpose bench …}: benchmarks (see the README's performance section). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Tms.class, BenchCommand.Sae.class, BenchCommand.Soak.class})
final class BenchCommand {

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

        @Override
        public Integer call() {
            TmsBenchmark.run(System.out, configs, repeats);
            return Main.EXIT_DONE;
        }
    }

    /** {@code bench sae}: training throughput of the reference SAE stacks. */
    @Command(name = "sae", mixinStandardHelpOptions = true,
            description = "Training samples/s of the reference ReLU SAE stacks (wide: 16 x 256->1024, batch 256;"
                    + " toy: 210 x 2->5, batch 1024; sweep: 210 x 256->512, batch 256).")
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

        @Override
        public Integer call() {
            SaeBenchmark.run(System.out, configs, repeats, threads);
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
