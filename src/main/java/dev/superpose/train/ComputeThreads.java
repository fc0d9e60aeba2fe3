package dev.superpose.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread layout for training stacks on the CPU: single-threaded native kernels (OpenBLAS and
 * libnd4j) while the batch for the next step is drawn on a second core.
 *
 * <p>Why (per-step µs on this 2-core box, matmuls of one step, 16×100×20 / 8×400×30 stacks):
 * default threads 9 000 / 18 600; OpenBLAS 1 thread 5 200 / 15 800; OpenBLAS 2 + libnd4j 1
 * 8 500 / 19 400. Two pools each taking both cores oversubscribe; one thread per kernel
 * is fastest and leaves the other core to the batch sampler, which costs about as much.
 */
final class ComputeThreads {
    private ComputeThreads() {
    }

    /** Idempotent; ND4J's thread settings are process-wide. */
    static void useSingleThreadedKernels() {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
