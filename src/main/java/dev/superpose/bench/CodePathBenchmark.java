package dev.superpose.bench;

import dev.superpose.model.sae.CodePath;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.SaeStack;
import dev.superpose.model.sae.TopK;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.Random;

/**
 * What {@link CodePath#AUTO}'s threshold is set from: one SAE's training pass (encoder product,
 * selection, decoding, gradients) on the sparse and on the dense path, over widths d, latent
 * counts L and active fractions, at batch 256 in float. TopK with k = fraction·L fixes the active
 * fraction exactly (the selection costs both paths the same). Prints the time of each path per
 * pass and their ratio; only the ratio within one run means anything on a loaded machine.
 */
public final class CodePathBenchmark {
    private static final int BATCH = 256;
    private static final int[] WIDTHS = {2, 8, 32, 128, 512};
    private static final int[] LATENTS = {5, 64, 512, 2048};
    private static final double[] FRACTIONS = {0.01, 0.03, 0.06, 0.1, 0.2, 0.3, 0.5, 1.0};
    /** Passes per point: at least {@link #MIN_PASSES}, then until the budget is spent. */
    private static final int MIN_PASSES = 10;
    private static final int MAX_PASSES = 200;
    private static final long BUDGET_NANOS = 300_000_000L;
    /** Multiply-adds of one dense product above which a point is skipped, to bound the run. */
    private static final long LARGEST = 1L << 28;

    private CodePathBenchmark() {
    }

    public static void run(PrintStream out) {
        // as in training (SaeStackTrainer): one BLAS thread per call, the stack's threads run the instances
        Nd4j.factory().blas().setMaxThreads(1);
        out.println("PATHS d L fraction sparse_ms dense_ms sparse/dense");
        for (int d : WIDTHS) {
            for (int latents : LATENTS) {
                if ((long) d * latents * BATCH > LARGEST) {
                    continue;
                }
                int previous = 0;
                for (double fraction : FRACTIONS) {
                    int k = Math.max(1, (int) Math.round(fraction * latents));
                    if (k > previous) {
                        previous = k;
                        compare(out, d, latents, k);
                    }
                }
            }
        }
    }

    /**
     * Both paths on the same parameters and batch, passes alternating so that a change in the
     * machine's load hits both alike: the fastest pass of each after a warm-up, in ms.
     */
    private static void compare(PrintStream out, int d, int latents, int k) {
        SaeOptions options = new SaeOptions(DecoderNorm.PROJECTED, true, DecoderBiasInit.ZERO);
        try (SaeStack sparse = new SaeStack(new TopK(k), options.withCodePath(CodePath.SPARSE), 1, d, latents, BATCH,
                DataType.FLOAT, 1);
             SaeStack dense = new SaeStack(new TopK(k), options.withCodePath(CodePath.DENSE), 1, d, latents, BATCH,
                     DataType.FLOAT, 1)) {
            Random random = new Random(1);
            fill(sparse, random);
            dense.encoder().assign(sparse.encoder());
            dense.decoder().assign(sparse.decoder());
            double[] x = new double[BATCH * d];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextGaussian();
            }
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            long budget = System.nanoTime() + BUDGET_NANOS;
            for (int r = 0; r < MAX_PASSES && (r < MIN_PASSES || System.nanoTime() < budget); r++) {
                SaeStack stack = r % 2 == 0 ? sparse : dense;
                long start = System.nanoTime();
                stack.lossAndGradients(x, new double[]{0.0}, new boolean[1], new double[1]);
                double ms = (System.nanoTime() - start) / 1e6;
                if (r >= 4) {
                    best[r % 2] = Math.min(best[r % 2], ms);
                }
            }
            out.printf("PATHS %d %d %.3f %.4f %.4f %.2f%n", d, latents, (double) k / latents, best[0], best[1],
                    best[0] / best[1]);
        }
    }

    private static void fill(SaeStack stack, Random random) {
        for (var array : java.util.List.of(stack.encoder(), stack.decoder())) {
            for (long j = 0; j < array.length(); j++) {
                array.putScalar(j, random.nextGaussian());
            }
        }
        stack.normaliseDecoder(new boolean[1]);
    }
}
