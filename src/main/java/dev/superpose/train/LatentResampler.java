package dev.superpose.train;

import dev.superpose.data.CounterRandom;
import dev.superpose.data.source.Activations;
import dev.superpose.model.sae.ResampleTuning;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeStack;
import dev.superpose.model.sae.SaeWeights;

/**
 * Gives an SAE stack's dead latents new directions ({@link Resampling}). Every draw is
 * counter-based: the sample of pool rows whose losses weight the anthropic draw is keyed by (data
 * seed, step), shared by the stack like its batches; a latent's own draws by (its instance's
 * seed, step, latent). So an instance is resampled the same alone or in any stack, and a resumed
 * run resamples as the uninterrupted one. Resetting the latents' optimiser state is the trainer's
 * part; the stack resets the architecture's own per-latent parameters ({@link
 * SaeStack#resetLatent}). With tied weights the encoder row is the new decoder row itself.
 *
 * <p>A transcoder's latents live in two spaces: the decoder row in its targets', the encoder row
 * in its inputs'. Simple resampling draws both from the latent's key (the first d_in and d_out
 * Gaussians, each normalised); the anthropic rule weighs rows by the target's reconstruction loss
 * and takes the decoder direction from the drawn row's target (minus b_dec), the encoder
 * direction from its input (which the encoder reads as it is).
 */
final class LatentResampler {
    /** Separates resampling draws from the initialisation's and the data's of the same seeds. */
    static final long DOMAIN = 0x5245534D504CL; // "RESMPL"
    /** Pool rows (drawn with replacement) whose reconstruction losses weight the anthropic draw. */
    static final int SAMPLE_ROWS = 4096;
    private final Resampling kind;
    private final ResampleTuning tuning;
    private final Activations pool;
    /** The pool rows' targets: the pool itself for SAEs. */
    private final Activations targets;
    private final long dataSeed;
    private final long[] seeds;

    /**
     * @param targets what the pool's rows are reconstructed into, row-aligned: the pool itself for SAEs
     * @param seeds   each instance's seed, keying its latents' draws
     */
    LatentResampler(Resampling kind, ResampleTuning tuning, Activations pool, Activations targets, long dataSeed,
                    long[] seeds) {
        if (kind == Resampling.NONE) {
            throw new IllegalArgumentException("a resampler needs a resampling kind other than none");
        }
        this.kind = kind;
        this.tuning = tuning;
        this.pool = pool;
        this.targets = targets;
        this.dataSeed = dataSeed;
        this.seeds = seeds.clone();
    }

    /**
     * Resamples the dead latents of every instance not {@code frozen}, at {@code step}.
     *
     * @return per instance, the latents it resampled (increasing; empty if none)
     */
    int[][] resample(SaeStack stack, DeadLatents dead, boolean[] frozen, long step) {
        int[][] resampled = new int[stack.instances()][];
        Sample sample = null;
        boolean transcoder = stack.shape().transcoder();
        for (int i = 0; i < resampled.length; i++) {
            int[] latents = frozen[i] ? new int[0] : dead.deadLatents(i);
            if (latents.length > 0 && kind == Resampling.SIMPLE) {
                for (int l : latents) {
                    long key = latentKey(i, step, l);
                    double[] direction = randomUnit(key, stack.outputs());
                    double[] encoderRow = transcoder ? randomUnit(key, stack.inputs()) : direction.clone();
                    for (int j = 0; j < encoderRow.length; j++) {
                        encoderRow[j] *= tuning.simpleEncoderScale();
                    }
                    stack.resetLatent(i, l, encoderRow, direction);
                }
            } else if (latents.length > 0) {
                sample = sample == null ? sampleRows(step) : sample;
                resampleFromLosses(stack, i, latents, dead, sample, step);
            }
            resampled[i] = latents;
        }
        return resampled;
    }

    /** Anthropic's rule for instance i's dead {@code latents}. */
    private void resampleFromLosses(SaeStack stack, int i, int[] latents, DeadLatents dead, Sample sample,
                                    long step) {
        int d = stack.outputs();
        int dIn = stack.inputs();
        boolean transcoder = stack.shape().transcoder();
        int n = sample.inputs().length / dIn;
        float[] y = sample.targets();
        SaeWeights weights = stack.weights(i);
        SaeCodes codes = stack.encode(i, sample.inputs(), n);
        // an SAE's new directions live where its encoder's inputs do (standardised under input normalisation)
        float[] modelTargets = transcoder ? y : stack.inputNormalization().standardise(y, n, d);
        // cumulative[r]: Σ over rows ≤ r of the squared per-row reconstruction loss (its MSE)
        double[] cumulative = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double squares = 0;
            for (int j = 0; j < d; j++) {
                double err = codes.reconstructions()[r * d + j] - y[r * d + j];
                squares += err * err;
            }
            double loss = squares / d;
            total += loss * loss;
            cumulative[r] = total;
        }
        double encoderNorm = tuning.scale() * meanAliveEncoderNorm(weights, dead, i);
        double[] direction = new double[d];
        double[] encoderRow = new double[dIn];
        float[] zero = new float[dIn];
        for (int l : latents) {
            long key = latentKey(i, step, l);
            int row = drawRow(cumulative, total, CounterRandom.bits(key, 0));
            unitDifference(modelTargets, row, weights.decoderBias(), key, direction);
            if (transcoder) {
                unitDifference(sample.inputs(), row, zero, key, encoderRow);
            } else {
                System.arraycopy(direction, 0, encoderRow, 0, d);
            }
            for (int j = 0; j < dIn; j++) {
                encoderRow[j] = encoderNorm * encoderRow[j];
            }
            stack.resetLatent(i, l, encoderRow, direction);
        }
    }

    /**
     * out ← (row r of {@code rows} − {@code origin}) at unit norm; a random unit direction (from
     * {@code key}) if that has none, as when the drawn input sits exactly on b_dec.
     */
    private static void unitDifference(float[] rows, int r, float[] origin, long key, double[] out) {
        int d = out.length;
        double norm = 0;
        for (int j = 0; j < d; j++) {
            out[j] = rows[r * d + j] - origin[j];
            norm += out[j] * out[j];
        }
        norm = Math.sqrt(norm);
        if (norm > 0 && norm < Double.POSITIVE_INFINITY) {
            for (int j = 0; j < d; j++) {
                out[j] /= norm;
            }
        } else {
            System.arraycopy(randomUnit(key, d), 0, out, 0, d);
        }
    }

    /** Pool rows drawn for the anthropic rule and their targets (the same array for SAEs). */
    private record Sample(float[] inputs, float[] targets) {
    }

    /**
     * The row r with cumulative[r − 1] &lt; u·total ≤ cumulative[r]; uniform over the rows when
     * the losses give no distribution (all zero, or not finite).
     */
    private static int drawRow(double[] cumulative, double total, long bits) {
        int n = cumulative.length;
        if (!(total > 0 && total < Double.POSITIVE_INFINITY)) {
            return (int) ((CounterRandom.high32(bits) * n) >>> 32);
        }
        double target = CounterRandom.openUniform(bits) * total;
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The mean encoder row norm over instance i's alive latents; 1 if none is alive. */
    private static double meanAliveEncoderNorm(SaeWeights weights, DeadLatents dead, int i) {
        int d = weights.inputs();
        double sum = 0;
        int alive = 0;
        for (int l = 0; l < weights.latents(); l++) {
            if (dead.dead(i, l)) {
                continue;
            }
            double squares = 0;
            for (int j = 0; j < d; j++) {
                double e = weights.encoderRows()[l * d + j];
                squares += e * e;
            }
            sum += Math.sqrt(squares);
            alive++;
        }
        return alive == 0 ? 1.0 : sum / alive;
    }

    /** {@link #SAMPLE_ROWS} pool rows (fewer for a smaller pool) drawn uniformly with replacement, with their targets. */
    private Sample sampleRows(long step) {
        int n = Math.min(SAMPLE_ROWS, pool.rows());
        int d = pool.dim();
        int dOut = targets.dim();
        long key = CounterRandom.stepKey(dataSeed, DOMAIN, step);
        float[] rows = new float[n * d];
        float[] rowTargets = targets == pool ? rows : new float[n * dOut];
        for (int r = 0; r < n; r++) {
            int row = (int) ((CounterRandom.high32(CounterRandom.bits(key, r)) * pool.rows()) >>> 32);
            System.arraycopy(pool.values(), row * d, rows, r * d, d);
            if (rowTargets != rows) {
                System.arraycopy(targets.values(), row * dOut, rowTargets, r * dOut, dOut);
            }
        }
        return new Sample(rows, rowTargets);
    }

    private long latentKey(int instance, long step, int latent) {
        return CounterRandom.rowKey(seeds[instance], DOMAIN, step, latent);
    }

    /** A direction uniform on the unit sphere (normalised Gaussians; draws 1, 2, … of the key). */
    private static double[] randomUnit(long key, int d) {
        double[] direction = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            direction[j] = CounterRandom.gaussian(CounterRandom.bits(key, 2L * j + 1), CounterRandom.bits(key, 2L * j + 2));
            norm += direction[j] * direction[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            direction[j] /= norm;
        }
        return direction;
    }
}
