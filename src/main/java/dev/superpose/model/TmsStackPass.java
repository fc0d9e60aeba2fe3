package dev.superpose.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * How a {@link TmsStack} computes a step over all its instances, as its {@link TmsPath} says: the
 * pass holds the work buffers its way of computing needs, and only those; the stack holds the
 * parameters and gradients the pass reads and fills. Not thread-safe.
 */
interface TmsStackPass {
    /**
     * Fills {@code stack}'s gradients from the batch {@code x} (and its element view) and writes each
     * instance's loss into {@code lossOut[i]}.
     *
     * @param importance per-instance feature importance, flat [I·F]
     */
    void lossAndGradients(TmsStack stack, INDArray x, ArrayElements xView, double[] importance, double[] lossOut);

    /** The native arrays this pass holds: none on a plain-Java path. */
    List<INDArray> nativeArrays();
}
