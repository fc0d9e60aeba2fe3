package dev.superpose.bench;

import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import dev.superpose.data.source.Activations;
import dev.superpose.model.sae.CodePath;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.SaeStack;
import dev.superpose.model.sae.SaeShape;
import dev.superpose.train.SaeInstanceSpec;
import dev.superpose.train.SaeStackSpec;
import dev.superpose.train.SaeStackTrainer;
import dev.superpose.train.StackState;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench sae --configs study}: the training of one stack of the random-transformer SAE
 * study's L1 sweep (tim-lawson/superposition's {@code l1_coef.sh}, as the {@code sae-l1} preset
 * runs it: 21 ReLU SAEs 256 → 512 at λ = logspace(−3, 2, 21) reduced by the mean over latents,
 * per-sample input normalisation, the study's initialisation, decoder rows renormalised, no
 * b_dec, Adam 1e-3, batch 256 over 9,000 rows with a short last batch) on the benchmark's
 * synthetic pool, from the start to step 300 on the automatic path: at probes along the way, as
 * codes go from dense to sparse, the samples/s of the sparse path, the dense path (two more
 * trainers restored from its state) and the automatic choice over a few steps each, back to back,
 * and each λ's L0. Then the
 * projected training time of the whole study: 16 calls (4 data sources × 512, 1024, 2048 and 4096
 * latents), each 10 stacks (seeds) of 3,600 steps, and next to it the floor this machine's matrix
 * products allow ({@link EncoderFloor}). Data generation and evaluation are not included.
 */
final class StudyBenchmark {
    private static final int INPUTS = 256;
    private static final int LATENTS = 512;
    private static final int BATCH = 256;
    private static final int LAMBDAS = 21;
    /**
     * Steps at which the sparse and dense paths are timed from the automatic trainer's state; the
     * automatic trainer runs to the last. Bounded so that the run takes a few minutes on 2 cores.
     */
    private static final int[] PROBES = {0, 20, 50, 100, 200, 300};
    /** Steps timed per path at each probe. */
    private static final int PROBE_STEPS = 3;
    private static final int[] STUDY_LATENTS = {512, 1024, 2048, 4096};
    private static final int SOURCES = 4;
    private static final int SEEDS = 10;
    private static final int STEPS_PER_STACK = 3600;
    /** The paths in the order of the rates arrays: SPARSE, DENSE, then AUTO. */
    private static final List<CodePath> PATHS = List.of(CodePath.SPARSE, CodePath.DENSE, CodePath.AUTO);
    private static final int AUTO = 2;
    /** Seconds each thread repeats the encoder product to measure the floor. */
    private static final double FLOOR_SECONDS = 3;
    /**
     * Products a dense SAE computes per step besides the encoder's, each as large: the decoder
     * product, its gradient, the codes' gradient and the encoder's weight gradient.
     */
    private static final int DENSE_EXTRA_PRODUCTS = 4;

    private StudyBenchmark() {
    }

    /** @param threads threads for the per-instance passes, or 0 for the trainer's default */
    static void run(PrintStream out, Activations pool, int threads) {
        List<SaeStackTrainer> trainers = new ArrayList<>();
        try {
            for (CodePath path : PATHS) {
                // the probes' trainers take the AUTO trainer's state: the study's (slow, QR) start only for that one
                trainers.add(trainer(path, path == CodePath.AUTO ? Initialisation.STUDY : Initialisation.UNIT_ROWS,
                        pool, threads));
            }
            SaeStackTrainer auto = trainers.get(AUTO);
            float[] rows = Arrays.copyOf(pool.values(), BATCH * INPUTS);
            out.printf("STUDY %d ReLU SAEs %d -> %d, batch %d, lambda logspace(-3, 2, %d) / L (the sae-l1 form);"
                    + " samples/s of %d steps per path from the AUTO trainer's state (%d samples a step)%n",
                    LAMBDAS, INPUTS, LATENTS, BATCH, LAMBDAS, PROBE_STEPS, BATCH * LAMBDAS);
            double[][] stepSeconds = new double[PROBES.length][];
            double autoSeconds = 0;
            int step = 0;
            double[] l0 = new double[LAMBDAS];
            for (int c = 0; c < PROBES.length; c++) {
                autoSeconds += steps(auto, PROBES[c] - step);
                step = PROBES[c];
                StackState state = auto.exportState();
                stepSeconds[c] = new double[PATHS.size()];
                for (int p = 0; p < AUTO; p++) {
                    trainers.get(p).restore(state);
                    stepSeconds[c][p] = steps(trainers.get(p), PROBE_STEPS) / PROBE_STEPS;
                }
                stepSeconds[c][AUTO] = steps(auto, PROBE_STEPS) / PROBE_STEPS;
                autoSeconds += stepSeconds[c][AUTO] * PROBE_STEPS;
                step += PROBE_STEPS;
                double[] seconds = stepSeconds[c];
                l0 = l0s(auto, rows);
                out.printf("STUDY step %d: SPARSE %.0f, DENSE %.0f, AUTO %.0f samples/s (dense/sparse %.2fx);"
                                + " L0 by lambda %s of %d%n", PROBES[c], rate(seconds[0]), rate(seconds[1]),
                        rate(seconds[AUTO]), seconds[0] / seconds[1], format(l0), LATENTS);
            }
            double autoHours = 0;
            for (int p = 0; p < PATHS.size(); p++) {
                double stack = p == AUTO ? autoSeconds + (STEPS_PER_STACK - step) * stepSeconds[PROBES.length - 1][p]
                        : piecewise(stepSeconds, p);
                autoHours = project(out, PATHS.get(p), stack, p == AUTO ? "measured to step " + step + ", then at the"
                        + " last probe's rate" : "each probe's rate until the next, then the last's");
            }
            floor(out, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), autoHours, denseAt(l0));
        } finally {
            trainers.forEach(SaeStackTrainer::close);
        }
    }

    /** Seconds {@code n} steps take. */
    private static double steps(SaeStackTrainer trainer, int n) {
        long start = System.nanoTime();
        for (int s = 0; s < n; s++) {
            trainer.step();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double rate(double secondsPerStep) {
        return BATCH * LAMBDAS / secondsPerStep;
    }

    /** A stack's {@value #STEPS_PER_STACK} steps on path p, each probe's time per step held until the next. */
    private static double piecewise(double[][] stepSeconds, int p) {
        double total = 0;
        for (int c = 0; c < PROBES.length; c++) {
            int until = c + 1 < PROBES.length ? PROBES[c + 1] : STEPS_PER_STACK;
            total += (until - PROBES[c]) * stepSeconds[c][p];
        }
        return total;
    }

    /** Mean nonzero codes per row of each λ's SAE on the pool's first batch, λ ascending. */
    private static double[] l0s(SaeStackTrainer trainer, float[] rows) {
        double[] l0 = new double[LAMBDAS];
        for (int g = 0; g < LAMBDAS; g++) {
            long active = 0;
            for (float c : trainer.encode(g, rows, BATCH).codes()) {
                active += c != 0 ? 1 : 0;
            }
            l0[g] = (double) active / BATCH;
        }
        return l0;
    }

    private static String format(double[] l0) {
        StringBuilder text = new StringBuilder("[");
        for (int g = 0; g < l0.length; g++) {
            text.append(g == 0 ? "" : " ").append(String.format("%.0f", l0[g]));
        }
        return text.append("]").toString();
    }

    /** How many SAEs of L0s {@code l0} {@link CodePath#AUTO} trains on the dense path. */
    private static int denseAt(double[] l0) {
        int dense = 0;
        for (double perRow : l0) {
            dense += CodePath.AUTO.dense((int) Math.round(perRow * BATCH), BATCH, LATENTS, INPUTS, INPUTS) ? 1 : 0;
        }
        return dense;
    }

    /**
     * The study's training time from one 512-latent stack's {@code stack} seconds (codes still
     * sparsify after the last probe, so this errs long); larger dictionaries in proportion to
     * their latent count (the encoder product, Adam and the decoder passes all are).
     */
    private static double project(PrintStream out, CodePath path, double stack, String how) {
        double hours = 0;
        for (int latents : STUDY_LATENTS) {
            hours += SOURCES * SEEDS * stack * latents / LATENTS / 3600;
        }
        out.printf("STUDY projection %s (%s): one %d-step stack %.1f min, one 512-latent call (%d stacks) %.1f min,"
                        + " the 16-call study %.1f h on this machine%n", path, how, STEPS_PER_STACK, stack / 60,
                SEEDS, SEEDS * stack / 60, hours);
        return hours;
    }

    /**
     * The hardware's floor next to the projection: the study's encoder products alone (2·B·d·L
     * flops per SAE and step, computed in full whatever the codes' sparsity, at every one of the
     * 16 calls' 10 × 21 × 3,600 SAE-steps) at the rate {@link EncoderFloor} measures for this
     * stack's block shape on {@code threads} threads at once; and the same with the four more
     * products of each SAE that the last probe's codes leave on the dense path ({@code dense} of
     * the 21), as if the rest of every step cost nothing.
     */
    private static void floor(PrintStream out, int threads, double autoHours, int dense) {
        int rows = SaeStack.blockInstances(LAMBDAS, INPUTS, LATENTS, BATCH) * LATENTS;
        double rate = EncoderFloor.flopsPerSecond(rows, INPUTS, BATCH, threads, FLOOR_SECONDS);
        double flops = 0;
        for (int latents : STUDY_LATENTS) {
            flops += (double) SOURCES * SEEDS * LAMBDAS * STEPS_PER_STACK * 2.0 * BATCH * INPUTS * latents;
        }
        double hours = flops / rate / 3600;
        double withDense = hours * (LAMBDAS + DENSE_EXTRA_PRODUCTS * dense) / (double) LAMBDAS;
        double allDense = hours * (1 + DENSE_EXTRA_PRODUCTS);
        out.printf("STUDY floor: the encoder product [%d x %d]·[%d x %d]^T (float, single-threaded kernels) on %d"
                        + " threads at once: %.1f GFLOP/s in all; at that rate the study's encoder products alone"
                        + " (%.2f PFLOP) take %.1f h; with the four products of the %d SAEs the last probe leaves"
                        + " dense, %.1f h; every SAE dense, %.1f h. The AUTO projection is %.1fx the encoder-only"
                        + " floor%n", rows, INPUTS, BATCH, INPUTS, threads, rate / 1e9, flops / 1e15, hours, dense,
                withDense, allDense, autoHours / hours);
    }

    private static SaeStackTrainer trainer(CodePath path, Initialisation init, Activations pool, int threads) {
        SaeOptions options = new SaeOptions(DecoderNorm.RENORMALISED, false, DecoderBiasInit.NONE)
                .withInputNormalization(InputNormalization.PER_SAMPLE).withInitialisation(init)
                .withCodePath(path);
        SaeStackSpec spec = new SaeStackSpec(new Relu(), SaeShape.autoencoder(INPUTS), LATENTS, options, BATCH,
                STEPS_PER_STACK, Optimizer.ADAM, Schedule.CONSTANT, 0, 100, 0, true);
        List<SaeInstanceSpec> instances = new ArrayList<>();
        for (int g = 0; g < LAMBDAS; g++) {
            double lambda = Math.pow(10, -3 + 5.0 * g / (LAMBDAS - 1));
            instances.add(new SaeInstanceSpec(0, lambda / LATENTS, 1e-3, 0));
        }
        return threads > 0 ? new SaeStackTrainer(spec, instances, pool, threads)
                : new SaeStackTrainer(spec, instances, pool);
    }
}
