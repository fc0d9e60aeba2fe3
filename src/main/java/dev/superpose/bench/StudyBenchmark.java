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
import dev.superpose.train.StackAdam;
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
 * synthetic pool, all 3,600 steps of it on the automatic path, timed; at probes along the way, as
 * codes go from dense to sparse, the samples/s of the sparse path, the dense path (two more
 * trainers restored from its state) and the automatic choice over a few steps each, back to back,
 * and each λ's L0. Then the training time of the whole study: 16 calls (4 data sources × 512,
 * 1024, 2048 and 4096 latents), each 10 stacks (seeds) of 3,600 steps, projected from that
 * stack, and next to it the floor this machine sets: its matrix products ({@link EncoderFloor})
 * and its memory, which Adam streams ({@link OptimizerFloor}). Data generation and evaluation are
 * not included.
 */
final class StudyBenchmark {
    private static final int INPUTS = 256;
    private static final int LATENTS = 512;
    private static final int BATCH = 256;
    private static final int LAMBDAS = 21;
    /**
     * Steps at which the sparse and dense paths are timed from the automatic trainer's state:
     * closer together early, where the codes sparsify fastest.
     */
    private static final int[] PROBES = {0, 20, 50, 100, 200, 300, 1000, 2000, 3000};
    /** Steps timed per path at each probe. */
    private static final int PROBE_STEPS = 5;
    private static final int[] STUDY_LATENTS = {512, 1024, 2048, 4096};
    private static final int SOURCES = 4;
    private static final int SEEDS = 10;
    private static final int STEPS_PER_STACK = 3600;
    /** The paths in the order of the rates arrays: SPARSE, DENSE, then AUTO. */
    private static final List<CodePath> PATHS = List.of(CodePath.SPARSE, CodePath.DENSE, CodePath.AUTO);
    private static final int AUTO = 2;
    /** Seconds each thread repeats the encoder product, and the optimiser's memory passes, to measure the floor. */
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
            out.printf("STUDY %d ReLU SAEs %d -> %d, batch %d, lambda logspace(-3, 2, %d) / L (the sae-l1 form),"
                    + " one stack's %d steps on the AUTO path; at probes, samples/s of %d steps per path from the"
                    + " AUTO trainer's state (%d samples a step)%n", LAMBDAS, INPUTS, LATENTS, BATCH, LAMBDAS,
                    STEPS_PER_STACK, PROBE_STEPS, BATCH * LAMBDAS);
            double[][] stepSeconds = new double[PROBES.length][];
            int[] dense = new int[PROBES.length];
            double autoSeconds = 0;
            int step = 0;
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
                double[] l0 = l0s(auto, rows);
                dense[c] = denseAt(l0);
                out.printf("STUDY step %d: SPARSE %.0f, DENSE %.0f, AUTO %.0f samples/s (dense/sparse %.2fx);"
                                + " L0 by lambda %s of %d; AUTO takes %d of %d dense%n", PROBES[c],
                        rate(seconds[0]), rate(seconds[1]), rate(seconds[AUTO]), seconds[0] / seconds[1],
                        format(l0), LATENTS, dense[c], LAMBDAS);
            }
            autoSeconds += steps(auto, STEPS_PER_STACK - step);
            for (int p = 0; p < AUTO; p++) {
                project(out, PATHS.get(p), piecewise(stepSeconds, p), "each probe's rate until the next");
            }
            double autoHours = project(out, CodePath.AUTO, autoSeconds, "measured, all " + STEPS_PER_STACK + " steps");
            floor(out, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), autoHours,
                    meanDense(dense), parameters(auto));
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

    /** Dense SAEs over a stack's {@value #STEPS_PER_STACK} steps, each probe's count held until the next. */
    private static double meanDense(int[] dense) {
        double steps = 0;
        for (int c = 0; c < PROBES.length; c++) {
            int until = c + 1 < PROBES.length ? PROBES[c + 1] : STEPS_PER_STACK;
            steps += (until - PROBES[c]) * (double) dense[c];
        }
        return steps / STEPS_PER_STACK;
    }

    /** The values Adam updates in the trainer's stack: one first moment each. */
    private static long parameters(SaeStackTrainer trainer) {
        return trainer.exportState().arrays().stream().filter(a -> a.name().startsWith(StackAdam.FIRST_MOMENT))
                .mapToLong(a -> a.data().length).sum();
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
     * The study's training time from one 512-latent stack's {@code stack} seconds; larger
     * dictionaries in proportion to their latent count (the encoder product, Adam and the decoder
     * passes all are).
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
     * The hardware's floor next to the projection, as if nothing but these ran and they never
     * overlapped: the study's encoder products (2·B·d·L flops per SAE and step, computed in full
     * whatever the codes' sparsity, at every one of the 16 calls' 10 × 21 × 3,600 SAE-steps) at the
     * rate {@link EncoderFloor} measures for this stack's block shape on {@code threads} threads
     * at once; the four more products of each SAE on the dense path ({@code dense} of the 21 on
     * average over the measured stack); and Adam's memory traffic over each call's stacks
     * ({@code parameters} for 512 latents, in proportion to the latents) at the rate
     * {@link OptimizerFloor} measures for that stack's working set.
     */
    private static void floor(PrintStream out, int threads, double autoHours, double dense, long parameters) {
        int rows = SaeStack.blockInstances(LAMBDAS, INPUTS, LATENTS, BATCH) * LATENTS;
        double rate = EncoderFloor.flopsPerSecond(rows, INPUTS, BATCH, threads, FLOOR_SECONDS);
        double stacks = 0;
        for (int latents : STUDY_LATENTS) {
            stacks += (double) SOURCES * SEEDS * latents / LATENTS;
        }
        double flops = stacks * LAMBDAS * STEPS_PER_STACK * 2.0 * BATCH * INPUTS * LATENTS;
        double encoderHours = flops / rate / 3600;
        double withDense = encoderHours * (LAMBDAS + DENSE_EXTRA_PRODUCTS * dense) / LAMBDAS;
        double allDense = encoderHours * (1 + DENSE_EXTRA_PRODUCTS);
        out.printf("STUDY floor, matrix products: the encoder product [%d x %d]·[%d x %d]^T (float, single-threaded"
                        + " kernels) at %.1f GFLOP/s on %d threads at once; the study's encoder products alone"
                        + " (%.2f PFLOP) %.1f h; with the four products of the SAEs AUTO keeps dense (%.1f of %d on"
                        + " average over the stack), %.1f h; every SAE dense, %.1f h%n", rows, INPUTS, BATCH, INPUTS,
                rate / 1e9, threads, flops / 1e15, encoderHours, dense, LAMBDAS, withDense, allDense);
        // the working set grows with the dictionary, and past the caches the rate falls: timed at each size
        double adamHours = 0;
        StringBuilder rates = new StringBuilder();
        for (int latents : STUDY_LATENTS) {
            long sized = parameters * latents / LATENTS;
            double bytesPerSecond = OptimizerFloor.bytesPerSecond(sized, threads, FLOOR_SECONDS);
            double bytes = (double) SOURCES * SEEDS * STEPS_PER_STACK * OptimizerFloor.BYTES_PER_PARAMETER * sized;
            adamHours += bytes / bytesPerSecond / 3600;
            rates.append(rates.length() == 0 ? "" : ", ").append(String.format("%d latents %.0f MB %.1f GB/s",
                    latents, sized * (double) OptimizerFloor.HELD_BYTES_PER_PARAMETER / 1e6, bytesPerSecond / 1e9));
        }
        out.printf("STUDY floor, memory: Adam reads and writes each parameter and its two moments every step, %d"
                        + " bytes a parameter (%.2f M in a 512-latent stack), streamed in place on %d threads at"
                        + " once at each size's working set (%s): %.1f h%n", OptimizerFloor.BYTES_PER_PARAMETER,
                parameters / 1e6, threads, rates, adamHours);
        double total = withDense + adamHours;
        out.printf("STUDY floor in all: %.1f h with nothing else computed; the AUTO projection, %.1f h, is %.1fx it"
                + " (%.1fx the encoder products alone)%n", total, autoHours, autoHours / total,
                autoHours / encoderHours);
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
