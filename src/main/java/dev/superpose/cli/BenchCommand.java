package dev.superpose.cli;

import dev.superpose.bench.TmsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code superpose bench tms}: training throughput of the reference stacks (see the README). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training steps/s of the reference TMS stacks A, B and C.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "Only 'tms' for now.")
    private String experiment;

    @Option(names = "--configs", split = ",", defaultValue = "A,B,C",
            description = "Stacks to measure (default: ${DEFAULT-VALUE}).")
    private List<String> configs;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats per stack; the median is reported.")
    private int repeats;

    @Override
    public Integer call() {
        if (!experiment.equals("tms")) {
            throw new dev.superpose.config.BadInputException("bench: unknown experiment '" + experiment
                    + "', expected tms");
        }
        TmsBenchmark.run(System.out, configs, repeats);
        return Main.EXIT_DONE;
    }
}
