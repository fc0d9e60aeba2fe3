package dev.superpose.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How a {@link TmsStack} computes its instances' pass, chosen by the instance's shape alone
 * ({@link #of}), never by the stack's size or the data, so that a trial computes the same way alone
 * or in any stack.
 */
enum TmsPath {
    /** Five batched ND4J matmuls and fused Java passes between them. */
    NATIVE,
    /** {@link FusedTmsPass}: row blocks held feature-major, loops over the rows. */
    BLOCKS,
    /** {@link SparseRowTmsPass}: loops over the features, products with x over its nonzeros only. */
    ROWS;

    /**
     * Instances with at most this many weights (hidden × features) train in {@link FusedTmsPass}.
     * Measured per loss-and-gradient call (8 instances, batch 1024, thread CPU time on the shared
     * 2-core EPYC, paired in one process): native / Java = 1.31–1.60 at 5 × 2 weights, 1.04 at
     * 4 × 4, 0.84 at 8 × 3, 0.55 at 10 × 4; session 8 (Zen 5, load ~5 on 2 cores): 5 × 2 native
     * 3.6×, rows 4.3× the time of this pass; 20 × 5 native 0.88×, rows 1.8×.
     */
    static final int BLOCKS_MAX_WEIGHTS = 12;
    /**
     * Instances with at least this many features and at most {@link #ROWS_MAX_HIDDEN} hidden units
     * train in {@link SparseRowTmsPass}. Its time over the native path's, per loss-and-gradient
     * call (thread CPU time, paired in one process, 2-core Zen 5 EPYC at load 5–7; batch 1024,
     * 4 instances, ~10 nonzero inputs per row unless said): 100 features × 2 hidden 0.98, × 3
     * 1.14; 300 × 2 0.74, × 3 0.73, × 5 1.03; 1000 × 1 0.39, × 2 0.60 (0.75 at 100 nonzeros per
     * row; 0.45 with 3 instances at batch 2000, the double-descent stack), × 3 0.60, × 5 0.83.
     * Wider hidden layers lose: 100 × 20 at 2–100 nonzeros per row 2.7–15×, 400 × 30 4×.
     */
    static final int ROWS_MIN_FEATURES = 200;
    static final int ROWS_MAX_HIDDEN = 3;

    /** The fastest path for instances of {@code features} → {@code hidden}, as measured above. */
    static TmsPath of(int features, int hidden) {
        if ((long) hidden * features <= BLOCKS_MAX_WEIGHTS) {
            return BLOCKS;
        }
        return features >= ROWS_MIN_FEATURES && hidden <= ROWS_MAX_HIDDEN ? ROWS : NATIVE;
    }

    /** This path's pass over a whole stack of {@code instances}; it holds the buffers this path uses, and no others. */
    TmsStackPass stackPass(TmsArchitecture architecture, int instances, int features, int hidden, int batch,
                           DataType dataType) {
        return switch (this) {
            case NATIVE -> new NativeTmsStackPass(architecture, instances, features, hidden, batch, dataType);
            case BLOCKS -> new JavaTmsStackPass(new FusedTmsPass(features, hidden, batch, architecture.hiddenRelu(),
                    architecture.outputRelu(), false), features, hidden);
            case ROWS -> new JavaTmsStackPass(new SparseRowTmsPass(features, hidden, batch, architecture.hiddenRelu(),
                    architecture.outputRelu()), features, hidden);
        };
    }

    /** Elements per instance of the native arrays {@link #stackPass} holds, for memory estimates before a stack exists. */
    long nativeElements(int features, int hidden, int batch) {
        return switch (this) {
            case NATIVE -> NativeTmsStackPass.elements(features, hidden, batch);
            case BLOCKS, ROWS -> 0;
        };
    }
}
