package dev.superpose.bench;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.CounterRandom;
import dev.superpose.data.source.Activations;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.train.SaeInstanceSpec;
import dev.superpose.train.SaeStackSpec;
import dev.superpose.train.SaeStackTrainer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Training throughput of ReLU SAE stacks, the same loop as the reference {@code src/bench/sae_torch.py}:
 * a pool of 9,000 synthetic rows (n_true unit-norm directions, each active with probability
 * avg_active/n_true at magnitude U[0, 1]), shuffled mini-batches, decoder rows Gaussian and
 * normalised, encoder = decoderᵀ, zero biases, λ_i = logspace(−3, 2, 21) repeated, Adam lr 1e-3,
 * unit-norm decoder rows. Prints samples/s (batch × instances per step, median of repeats), the
 * dense-equivalent GFLOP/s (10·B·d·L per SAE and step: the five products a dense implementation
 * computes) and resident memory.
 */
public final class SaeBenchmark {
    private static final int POOL = 9000;
    /** λ runs over 21 values from 1e-3 to 1e2, as torch.logspace(-3, 2, 21). */
    private static final int L1_STEPS = 21;
    private static final long DATA_DOMAIN = 0x53414542L; // "SAEB"

    /** The study config, which runs {@link StudyBenchmark} once instead of a side-by-side comparison. */
    public static final String STUDY = "study";

    /**
     * The configs of the torch script (timed steps chosen so that a repeat takes a few seconds on
     * either side on a 2-core machine; wide and toy timed 200 and 1000 steps a repeat until session
     * 8); "sweep" is the sae-l1 shape (210 SAEs 256 → 512, batch 256). superpose warms up longer than
     * the torch script: with 30-step repeats, wide's first repeat after 20 warm-up steps ran at ~60 %
     * of the later ones (steady from about step 80), and toy's rates rose over its first ~1,000
     * steps (both seen in every run, at nice 19 on the shared 2-core machine). "study"
     * ({@link StudyBenchmark}) trains one stack of that study from the start, on this pool (its
     * shape here), without a PyTorch side.
     */
    private static final Map<String, Shape> CONFIGS = new TreeMap<>(Map.of(
            "wide", new Shape(16, 256, 1024, 512, 5.0, 256, 30, 100),
            "toy", new Shape(210, 2, 5, 5, 0.125, 1024, 300, 1000),
            "sweep", new Shape(210, 256, 512, 512, 5.0, 256, 20, 40),
            STUDY, new Shape(21, 256, 512, 512, 5.0, 256, 0, 0)));

    /** (instances, d, L, true features, mean active features, batch, timed steps, warm-up steps). */
    private record Shape(int instances, int inputs, int latents, int trueFeatures, double meanActive, int batch,
                         int steps, int warmup) {
    }

    private SaeBenchmark() {
    }

    /** @throws BadInputException naming the first of {@code configs} that is not a reference stack */
    public static void requireKnown(List<String> configs) {
        for (String name : configs) {
            if (!CONFIGS.containsKey(name)) {
                throw new BadInputException("unknown SAE benchmark config '" + name + "', expected one of " + configs());
            }
        }
    }

    /** The reference stacks' names. */
    public static Set<String> configs() {
        return CONFIGS.keySet();
    }

    /**
     * Benchmarks each named config, {@code repeats} timed runs each, in the plan's rounds side by
     * side with the PyTorch loop when the plan has one (best of 1 and 2 threads, searched as the
     * plan says); "study" runs {@link StudyBenchmark} instead, without a PyTorch side.
     *
     * @param threads threads for the per-instance passes, or 0 for the trainer's default
     * @return the side-by-side table's rows (none without PyTorch)
     */
    public static List<BenchTable.Row> rows(PrintStream out, List<String> configs, int repeats, int threads,
                                            ComparisonPlan plan) {
        requireKnown(configs);
        if (repeats < 1) {
            throw new BadInputException("--repeats must be >= 1, got " + repeats);
        }
        List<BenchTable.Row> rows = new ArrayList<>();
        for (String name : configs) {
            Shape shape = CONFIGS.get(name);
            if (name.equals(STUDY)) {
                StudyBenchmark.run(out, pool(shape), threads);
                continue;
            }
            List<SideBySide.TorchSetting> settings = List.of(1, 2).stream()
                    .map(t -> new SideBySide.TorchSetting("bmm", List.of("--config", name, "--repeats",
                            Integer.toString(repeats)), t)).toList();
            String stack = String.format("SAE %s: %d × %d → %d, batch %d", name, shape.instances(), shape.inputs(),
                    shape.latents(), shape.batch());
            SideBySide.compare(out, name, stack, "samples/s", () -> measure(out, name, shape, repeats, threads),
                    new SideBySide.Reference("sae_torch.py", settings), plan).ifPresent(rows::add);
        }
        return rows;
    }

    /** One trainer, warmed up, then {@code repeats} timed runs: prints them and returns their median. */
    private static double measure(PrintStream out, String name, Shape shape, int repeats, int threads) {
        try (SaeStackTrainer trainer = trainer(shape, shape.warmup() + repeats * shape.steps(), threads)) {
            for (int s = 0; s < shape.warmup(); s++) {
                trainer.step();
            }
            double perStep = (double) shape.batch() * shape.instances();
            double[] samplesPerSecond = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                for (int s = 0; s < shape.steps(); s++) {
                    trainer.step();
                }
                samplesPerSecond[r] = shape.steps() * perStep / ((System.nanoTime() - start) / 1e9);
                out.printf("%s rep %d: %.1f steps/s, %.0f samples/s, loss[0]=%.5f%n", name, r,
                        samplesPerSecond[r] / perStep, samplesPerSecond[r], trainer.lastLoss()[0]);
            }
            Arrays.sort(samplesPerSecond);
            double median = SideBySide.median(samplesPerSecond);
            double gflops = median / shape.batch() * 10.0 * shape.batch() * shape.inputs() * shape.latents() / 1e9;
            out.printf("RESULT superpose config=%s I=%d d_in=%d d_sae=%d B=%d median=%.0f samples/s (%.2f steps/s,"
                            + " %.1f dense-equivalent GFLOP/s) rss=%s MiB%n", name, shape.instances(),
                    shape.inputs(), shape.latents(), shape.batch(), median, median / perStep, gflops,
                    ResidentMemory.mib());
            return median;
        }
    }

    private static double lambda(int group) {
        return Math.pow(10, -3 + 5.0 * group / (L1_STEPS - 1));
    }

    private static SaeStackTrainer trainer(Shape shape, int steps, int threads) {
        SaeStackSpec spec = new SaeStackSpec(new Relu(), shape.inputs(), shape.latents(),
                new SaeOptions(DecoderNorm.PROJECTED, true, DecoderBiasInit.ZERO), shape.batch(), steps,
                Optimizer.ADAM, Schedule.CONSTANT, 0, 100, 0);
        List<SaeInstanceSpec> instances = new ArrayList<>();
        for (int i = 0; i < shape.instances(); i++) {
            instances.add(new SaeInstanceSpec(i, lambda(i % L1_STEPS), 1e-3));
        }
        Activations pool = pool(shape);
        return threads > 0 ? new SaeStackTrainer(spec, instances, pool, threads)
                : new SaeStackTrainer(spec, instances, pool);
    }

    /** make_pool of the torch script, drawn from counter-based streams. */
    private static Activations pool(Shape shape) {
        int d = shape.inputs();
        double[] features = new double[shape.trueFeatures() * d];
        for (int f = 0; f < shape.trueFeatures(); f++) {
            long key = CounterRandom.rowKey(0, DATA_DOMAIN, 0, f);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double g = CounterRandom.gaussian(CounterRandom.bits(key, 2L * j), CounterRandom.bits(key, 2L * j + 1));
                features[f * d + j] = g;
                norm += g * g;
            }
            for (int j = 0; j < d; j++) {
                features[f * d + j] /= Math.sqrt(norm);
            }
        }
        double p = Math.min(1.0, shape.meanActive() / shape.trueFeatures());
        long threshold = CounterRandom.threshold(p);
        float[] rows = new float[POOL * d];
        double[] row = new double[d];
        for (int s = 0; s < POOL; s++) {
            long key = CounterRandom.rowKey(0, DATA_DOMAIN, 1, s);
            Arrays.fill(row, 0);
            for (int f = 0; f < shape.trueFeatures(); f++) {
                long bits = CounterRandom.bits(key, f);
                if (CounterRandom.high32(bits) < threshold) {
                    double magnitude = CounterRandom.lowUniform(bits);
                    for (int j = 0; j < d; j++) {
                        row[j] += magnitude * features[f * d + j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                rows[s * d + j] = (float) row[j];
            }
        }
        return new Activations(POOL, d, rows);
    }
}
