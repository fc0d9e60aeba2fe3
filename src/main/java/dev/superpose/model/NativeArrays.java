package dev.superpose.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Accounting for the preallocated native buffers of a stack. ND4J's CPU backend tracks these
 * nowhere (neither its AllocationsTracker nor JavaCPP's counters see them), so the owners report
 * what they hold.
 */
public final class NativeArrays {
    private NativeArrays() {
    }

    /** Bytes of native memory held by {@code arrays}. */
    public static long bytes(List<INDArray> arrays) {
        return arrays.stream().mapToLong(a -> a.length() * a.dataType().width()).sum();
    }

    /** Frees {@code arrays} now rather than when the garbage collector gets to them. */
    public static void close(List<INDArray> arrays) {
        arrays.forEach(INDArray::close);
    }
}
