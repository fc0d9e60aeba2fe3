package dev.superpose.model.sae;

/**
 * {@link CodePath#AUTO}'s rule: the dense path when the batch's active fraction (active pairs /
 * (rows × latents)) is above a threshold that falls with the row width, never for narrow rows or
 * few latents. Set from {@code superpose bench sae-paths} (one SAE's training pass, batch 256,
 * float, one BLAS thread, sparse and dense passes alternating; AMD EPYC, 2 cores, at a load average
 * of ~8 from other work, so only the ratios sparse/dense of one run count). Where the ratio crossed
 * 1 (rounded, runs repeat to ~±20 %):
 * <pre>
 *   d = 512:  L = 64: 3–6 %;  L = 512: 3–6 %;  L = 2048: 3–6 %   (1 % dense: 0.5–0.6×, 30 %: 4–6×)
 *   d = 128:  L = 64: 6–9 %;  L = 512: 3–6 %;  L = 2048: 3–6 %   (1 %: 0.6–0.7×, 30 %: 2–5×)
 *   d = 32:   L = 64: 9–20 %; L = 512: 10–20 %; L = 2048: 6–10 % (1 %: 0.65–0.75×, 100 %: 1.8–4×)
 *   d = 8:    ~30 % at L ≥ 64, gaining at most 1.2×; d = 2: no consistent gain at any fraction
 *   L = 5:    at most 1.2× at d = 512, 100 %; 0.6–0.9× below d = 128
 * </pre>
 * Below the threshold the sparse path is at worst ~1.1× slower than the dense one; well below it
 * (1 %), the dense path would be 1.3–2× slower.
 * <p>
 * Since the sparse kernels vectorise ({@link RowOps}) the sparse path is ~1.5× faster at these
 * fractions, and for wide rows the crossing moved up: measured again as the thread CPU time of
 * one pass (median of 20–40 per path, alternating; TopK at k = fraction·L, renormalised decoder
 * rows, float, batch 256; same machine at a load average of ~6–7), sparse/dense
 * <pre>
 *   d = 256, L = 512:  10 %: 0.92;  13 %: 1.06;  16 %: 1.13   (before the kernels: 6 %: 1.05, 10 %: 1.32)
 *   d = 128, L = 512:  10 %: 0.94;  13 %: 1.03;  16 %: 1.10
 *   d = 512, L = 512:  10 %: 0.91;  13 %: 1.01;  16 %: 1.18
 *   d = 256, L = 2048: 10 %: 0.97;  13 %: 1.07;  16 %: 1.19
 *   d = 32,  L = 512:  0.94–1.11 from 4 % to 20 %, no clear crossing (the narrow threshold stays)
 * </pre>
 */
final class DenseThreshold {
    /** Narrower rows (min of d_in, d_out) or fewer latents stay sparse at any density. */
    private static final int MIN_WIDTH = 32;
    private static final int MIN_LATENTS = 64;
    /** Rows at least this wide go dense from {@link #WIDE_FRACTION}, narrower ones from {@link #NARROW_FRACTION}. */
    private static final int WIDE = 128;
    private static final double WIDE_FRACTION = 0.12;
    private static final double NARROW_FRACTION = 0.15;

    private DenseThreshold() {
    }

    static boolean dense(int active, int rows, int latents, int inputs, int outputs) {
        int width = Math.min(inputs, outputs);
        if (width < MIN_WIDTH || latents < MIN_LATENTS) {
            return false;
        }
        double fraction = width >= WIDE ? WIDE_FRACTION : NARROW_FRACTION;
        return active > fraction * rows * latents;
    }
}
