package dev.superpose.model;

/**
 * One TMS instance's whole forward and backward pass in plain Java, for instance shapes where
 * native matmuls cost more than the arithmetic. With x: [B, F], encoder E: [H, F] and decoder
 * rows D: [H, F] (TmsStack: E = D = W):
 * <pre>
 *   z = x·Eᵀ     h = ReLU(z) or z     pre = h·D + b     out = ReLU(pre) or pre
 *   loss = mean over batch and features of imp·(out − t)²      (target t = x; FusedTmsPass can take |x|)
 *   dPre = 2/(B·F)·imp·(out − t)·[pre &gt; 0]     db = Σ_batch dPre
 *   dD = hᵀ·dPre      dz = (dPre·Dᵀ)·[z &gt; 0]      dE = dzᵀ·x
 * </pre>
 * An implementation computes in double and depends only on the instance's own rows and weights.
 */
interface TmsPass {
    /**
     * One instance's pass over its B rows, read from {@code x} at flat position {@code xOffset}.
     *
     * @param encoder     E, row-major [H, F]
     * @param decoder     D, row-major [H, F]
     * @param gradEncoder receives dE, [H, F]
     * @param gradDecoder receives dD, [H, F]
     * @param gradBias    receives db, [F]
     * @return the instance's loss
     */
    double run(ArrayElements x, int xOffset, double[] encoder, double[] decoder, double[] bias, double[] importance,
               int importanceOffset, double[] gradEncoder, double[] gradDecoder, double[] gradBias);
}
