package dev.superpose.bench;

import dev.superpose.config.DataConfig;
import dev.superpose.config.Experiment;
import dev.superpose.config.Magnitude;
import dev.superpose.config.ModelConfig;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.config.TrainConfig;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.Variant;
import dev.superpose.train.CheckpointFile;
import dev.superpose.train.TmsStackTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Does memory stay flat over a long run? Trains config B stacks (16 instances, 100 features, 20
 * hidden, batch 1024) the way a sweep does: a new trainer for a new stack every
 * {@value #STEPS_PER_STACK} steps, and every {@value #CHECKPOINT_EVERY} steps the state exported,
 * written to a checkpoint file, read back and restored. Prints elapsed time, steps, steps/s and
 * {@link ProcessMemory} at a fixed interval; a leak shows as a climbing off-heap or RSS column.
 *
 * <pre>java -cp 'target/classes:target/lib/*' dev.superpose.bench.SoakBenchmark --minutes 20 --every-seconds 60</pre>
 */
public final class SoakBenchmark {
    private static final int INSTANCES = 16;
    private static final int FEATURES = 100;
    private static final int HIDDEN = 20;
    private static final int BATCH = 1024;
    private static final int STEPS_PER_STACK = 5000;
    private static final int CHECKPOINT_EVERY = 1000;

    private SoakBenchmark() {
    }

    public static void main(String[] args) {
        double minutes = 20;
        double everySeconds = 60;
        for (int a = 0; a < args.length; a += 2) {
            if (a + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[a] + " needs a value");
            }
            switch (args[a]) {
                case "--minutes" -> minutes = positive(args[a], args[a + 1]);
                case "--every-seconds" -> everySeconds = positive(args[a], args[a + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[a]
                        + ", expected --minutes N and/or --every-seconds S");
            }
        }
        run(System.out, Duration.ofMillis(Math.round(minutes * 60_000)),
                Duration.ofMillis(Math.round(everySeconds * 1000)));
    }

    private static double positive(String option, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, like a non-positive number
        }
        throw new IllegalArgumentException(option + " must be a positive number, got '" + value + "'");
    }

    /** Trains for {@code duration}, printing one line every {@code every} and a final one. */
    public static void run(PrintStream out, Duration duration, Duration every) {
        Path dir;
        try {
            dir = Files.createTempDirectory("superpose-soak");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the soak checkpoints", e);
        }
        Path checkpoint = dir.resolve("stack.ckpt");
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextReport = start + every.toNanos();
        long steps = 0;
        long stepsAtLastReport = 0;
        long lastReport = start;
        int stacks = 0;
        out.printf("soak: %d x %d x %d stacks, batch %d, a new stack every %d steps, checkpoint every %d steps%n",
                INSTANCES, FEATURES, HIDDEN, BATCH, STEPS_PER_STACK, CHECKPOINT_EVERY);
        out.println("start " + ProcessMemory.now().describe());
        try {
            while (System.nanoTime() < end) {
                try (TmsStackTrainer trainer = new TmsStackTrainer(trials(stacks++))) {
                    while (!trainer.progress().finished() && System.nanoTime() < end) {
                        trainer.step();
                        steps++;
                        if (trainer.stepsDone() % CHECKPOINT_EVERY == 0) {
                            checkpointRoundTrip(trainer, checkpoint);
                        }
                        long now = System.nanoTime();
                        if (now >= nextReport) {
                            double stepsPerSecond = (steps - stepsAtLastReport) / ((now - lastReport) / 1e9);
                            report(out, "at", now - start, steps, stacks, stepsPerSecond);
                            stepsAtLastReport = steps;
                            lastReport = now;
                            nextReport += every.toNanos();
                        }
                    }
                }
            }
            long now = System.nanoTime();
            report(out, "end", now - start, steps, stacks, steps / ((now - start) / 1e9));
        } finally {
            deleteQuietly(checkpoint);
            deleteQuietly(dir);
        }
    }

    /** Export, write, read back and restore: every allocation a real checkpoint makes. */
    private static void checkpointRoundTrip(TmsStackTrainer trainer, Path file) {
        try {
            CheckpointFile.Written written = CheckpointFile.write(file, trainer.exportState(), trainer.lastLoss());
            trainer.restore(CheckpointFile.read(file, written.checksum()).state());
        } catch (IOException e) {
            throw new UncheckedIOException("soak checkpoint round trip failed", e);
        }
    }

    /** One line; {@code stepsPerSecond} covers the interval since the previous line ("at") or the run ("end"). */
    private static void report(PrintStream out, String label, long elapsedNanos, long steps, int stacks,
                               double stepsPerSecond) {
        out.printf("%s elapsed=%ds steps=%d stacks=%d steps/s=%.0f %s%n", label, elapsedNanos / 1_000_000_000L,
                steps, stacks, stepsPerSecond, ProcessMemory.now().describe());
    }

    /** Stack {@code generation}: relu-output, Adam lr 1e-3, importance 0.9^f, p from 1 down to 1/50, fresh seeds. */
    private static List<TrialConfig> trials(int generation) {
        List<Double> importance = IntStream.range(0, FEATURES).mapToObj(f -> Math.pow(0.9, f)).toList();
        List<TrialConfig> trials = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            double p = Math.pow(50, -(double) i / (INSTANCES - 1));
            trials.add(new TrialConfig(Experiment.TMS, new ModelConfig(FEATURES, HIDDEN, Variant.RELU_OUTPUT),
                    new DataConfig(p, importance, Magnitude.UNIFORM, 0, 0),
                    new TrainConfig(STEPS_PER_STACK, BATCH, 1e-3, Optimizer.ADAM, 0.0, Schedule.CONSTANT, 0, 100),
                    (long) generation * INSTANCES + i));
        }
        return trials;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }
}
