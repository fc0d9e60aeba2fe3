package dev.superpose.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the hardware allows an SAE stack at best: the encoder product pre = E·xᵀ, which every SAE
 * computes in full at every step (it decides which latents fire, so no sparsity can skip it),
 * timed as training runs it: float, single-threaded kernels, one block of instances
 * ([rows, d] · [B, d]ᵀ) per thread, on {@code threads} threads at once, each on its own operands.
 * Everything else a step does (decoding, gradients, Adam) comes on top of this floor.
 */
final class EncoderFloor {
    private static final int WARM_UP = 20;

    private EncoderFloor() {
    }

    /**
     * Floating-point operations per second (2·rows·d·B per product) summed over {@code threads}
     * threads, each repeating the product for {@code seconds}.
     */
    static double flopsPerSecond(int rows, int inputs, int batch, int threads, double seconds) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "superpose-gemm-floor");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                rates.add(pool.submit(() -> products(rows, inputs, batch, seconds)));
            }
            double total = 0;
            for (Future<Double> rate : rates) {
                total += rate.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the encoder product", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("timing the encoder product failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One thread's rate: products of random operands for {@code seconds} after a warm-up. */
    private static double products(int rows, int inputs, int batch, double seconds) {
        try (INDArray encoder = Nd4j.rand(DataType.FLOAT, rows, inputs);
             INDArray x = Nd4j.rand(DataType.FLOAT, batch, inputs);
             INDArray pre = Nd4j.zeros(DataType.FLOAT, rows, batch)) {
            for (int w = 0; w < WARM_UP; w++) {
                Nd4j.gemm(encoder, x, pre, false, true, 1.0, 0.0);
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long count = 0;
            long now;
            do {
                Nd4j.gemm(encoder, x, pre, false, true, 1.0, 0.0);
                count++;
                now = System.nanoTime();
            } while (now < end);
            return 2.0 * rows * inputs * batch * count / ((now - start) / 1e9);
        }
    }
}
