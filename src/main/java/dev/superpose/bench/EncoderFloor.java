package dev.superpose.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        return FloorTiming.sum(threads, "the encoder product", () -> products(rows, inputs, batch, seconds));
    }

    /** One thread's rate: products of random operands for {@code seconds} after a warm-up. */
    private static double products(int rows, int inputs, int batch, double seconds) {
        try (INDArray encoder = Nd4j.rand(DataType.FLOAT, rows, inputs);
             INDArray x = Nd4j.rand(DataType.FLOAT, batch, inputs);
             INDArray pre = Nd4j.zeros(DataType.FLOAT, rows, batch)) {
            return 2.0 * rows * inputs * batch * FloorTiming.callsPerSecond(
                    () -> Nd4j.gemm(encoder, x, pre, false, true, 1.0, 0.0), WARM_UP, seconds);
        }
    }
}
