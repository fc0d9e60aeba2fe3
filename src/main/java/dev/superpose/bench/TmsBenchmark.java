package dev.superpose.bench;

import dev.superpose.config.BadInputException;
import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Experiment;
import dev.superpose.config.Magnitude;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrainConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.train.TmsStackTrainer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Training throughput of TMS stacks, the same loop as the reference {@code src/bench/tms_torch.py}:
 * relu-output, batch 1024, Adam lr 1e-3, importance 0.9^f, feature probability of instance i
 * 50^-(i/(n−1)). Prints steps/s (median of repeats) and resident memory per config.
 */
public final class TmsBenchmark {
    /**
     * name → (instances, features, hidden, timed steps, warm-up steps). The timed steps are the torch
     * script's, chosen so that a repeat takes a few seconds on either side on a 2-core machine (B and
     * C timed 1000 and 200 steps a repeat until session 8, which made a side-by-side run of all
     * stacks take well over half an hour); the warm-ups are superpose's own: A's 500 steps (0.2 s)
     * of the torch script end before the JIT has compiled the hot loops.
     */
    private static final Map<String, Shape> CONFIGS = Map.of(
            "A", new Shape(8, 5, 2, 2000, 3000),
            "B", new Shape(16, 100, 20, 150, 200),
            "C", new Shape(8, 400, 30, 60, 50));

    private record Shape(int instances, int features, int hidden, int steps, int warmup) {
    }

    private TmsBenchmark() {
    }

    /** @throws BadInputException naming the first of {@code configs} that is not a reference stack */
    public static void requireKnown(List<String> configs) {
        for (String name : configs) {
            if (!CONFIGS.containsKey(name)) {
                throw new BadInputException("unknown TMS benchmark config '" + name + "', expected one of " + configs());
            }
        }
    }

    /** The reference stacks' names. */
    public static Set<String> configs() {
        return new TreeSet<>(CONFIGS.keySet());
    }

    /**
     * Benchmarks each named config ("A", "B", "C"), {@code repeats} timed runs each, in the plan's
     * rounds side by side with the PyTorch loop when the plan has one (best of {@code bmm} and
     * {@code einsum} at 1 and 2 threads, searched as the plan says).
     *
     * @return the side-by-side table's rows (none without PyTorch)
     */
    public static List<BenchTable.Row> rows(PrintStream out, List<String> configs, int repeats, ComparisonPlan plan) {
        requireKnown(configs);
        List<BenchTable.Row> rows = new ArrayList<>();
        for (String name : configs) {
            Shape shape = CONFIGS.get(name);
            List<SideBySide.TorchSetting> settings = new ArrayList<>();
            for (String impl : List.of("bmm", "einsum")) {
                for (int threads : List.of(1, 2)) {
                    settings.add(new SideBySide.TorchSetting(impl, List.of("--config", name, "--impl", impl,
                            "--repeats", Integer.toString(repeats)), threads));
                }
            }
            String stack = String.format("TMS %s: %d × %d features × %d hidden, batch 1024", name, shape.instances(),
                    shape.features(), shape.hidden());
            SideBySide.compare(out, name, stack, "steps/s", () -> measure(out, name, shape, repeats),
                    new SideBySide.Reference("tms_torch.py", settings), plan).ifPresent(rows::add);
        }
        return rows;
    }

    /** One trainer, warmed up, then {@code repeats} timed runs: prints them and returns their median. */
    private static double measure(PrintStream out, String name, Shape shape, int repeats) {
        int totalSteps = shape.warmup() + repeats * shape.steps();
        try (TmsStackTrainer trainer = new TmsStackTrainer(trials(shape, totalSteps))) {
            for (int s = 0; s < shape.warmup(); s++) {
                trainer.step();
            }
            double[] stepsPerSecond = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                for (int s = 0; s < shape.steps(); s++) {
                    trainer.step();
                }
                stepsPerSecond[r] = shape.steps() / ((System.nanoTime() - start) / 1e9);
                out.printf("%s rep %d: %.1f steps/s loss[0]=%.5f%n", name, r, stepsPerSecond[r],
                        trainer.lastLoss()[0]);
            }
            Arrays.sort(stepsPerSecond);
            double median = SideBySide.median(stepsPerSecond);
            out.printf("RESULT superpose config=%s I=%d F=%d H=%d B=1024 median=%.1f steps/s rss=%s MiB%n", name,
                    shape.instances(), shape.features(), shape.hidden(), median, ResidentMemory.mib());
            return median;
        }
    }

    private static List<TrialConfig> trials(Shape shape, int steps) {
        List<Double> importance = IntStream.range(0, shape.features()).mapToObj(f -> Math.pow(0.9, f)).toList();
        List<TrialConfig> trials = new ArrayList<>();
        for (int i = 0; i < shape.instances(); i++) {
            double p = Math.pow(50, -(shape.instances() == 1 ? 0.0 : (double) i / (shape.instances() - 1)));
            trials.add(TrialConfig.tms(Experiment.TMS,
                    new ModelConfig(shape.features(), shape.hidden(), Variant.RELU_OUTPUT),
                    new DataConfig(p, importance, Magnitude.UNIFORM, 0, 0, new DataGenerator.Sparse()),
                    new TrainConfig(steps, 1024, 1e-3, Optimizer.ADAM, 0.0, Schedule.CONSTANT, 0, 100), i));
        }
        return trials;
    }
}
