package dev.superpose.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread layout for training stacks on the CPU: single-threaded native kernels (OpenBLAS and
 * libnd4j) on the training thread, while {@link BatchPrefetcher} draws the next batches on the
 * other core.
 *
 * <p>Measured on this 2-core box, the five matmuls of one step of a 16×100×20 / 8×400×30 stack
 * (batch 1024): default pools 9.0 / 18.6 ms (both pools take both cores and oversubscribe);
 * OpenBLAS 1 + libnd4j 1 thread 5.7 / 15.2 ms; 2 + 1: 5.9 / ~16 ms; 2 + 2 on an idle machine
 * 5.8 / 11.4 ms. Two-thread kernels win at most ~4 ms on the largest shape, but the batch
 * sampler then has no core of its own (it costs 2.9 / 5.9 ms per step), so one thread each is
 * the faster layout overall.
 */
final class ComputeThreads {
    private ComputeThreads() {
    }

    /**
     * Threads for an SAE stack's per-instance Java passes. SAE stacks draw no batches (they cut
     * them from a pool), so the second core is free for them: MEASURED.
     */
    static int sae() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** Idempotent; ND4J's thread settings are process-wide. */
    static void useSingleThreadedKernels() {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
