package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;
import dev.superpose.model.NamedArray;
import dev.superpose.model.NativeArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of I sparse autoencoders d → L that all see the same input batch x: [B, d], with
 * hand-written gradients. Per instance, with encoder rows E = W_encᵀ: [L, d] and decoder rows
 * D = W_dec: [L, d] (unit-norm rows, see {@link DecoderNorm}):
 * <pre>
 *   pre = (x − b_dec)·Eᵀ + b_enc        z = rule(pre)  ({@link SaeActivation}; z = pre where active)
 *   x̂ = z·D + b_dec
 *   loss = mean_b [ mean_d (x̂ − x)² ] + λ · mean_b Σ_l |z|
 * </pre>
 * The only dense product is the encoder's, and because the input is shared it is one matmul for
 * a whole block of instances: pre = E_blk·xᵀ − E_blk·b_dec with E_blk = [instances·L, d]. After the
 * first few dozen steps only a few percent of (row, latent) pairs fire, so decoding and all
 * gradients are computed from the active pairs alone in Java (latent by latent: an active pair
 * costs four length-d row operations), and inactive latents' gradient rows stay zero. Blocks of
 * instances run on {@code threads} threads, each block's matmuls and passes on one thread; an
 * instance's work touches only its own slices, so results do not depend on the thread count, nor
 * on the stack's other members beyond the last bit of a matmul whose shape they change. Measured on the 2-core box (16 SAEs 256 → 1024, batch 256): encoder
 * matmul ~20 ms single-threaded, the passes ~16 ms; Adam's update (~30 ms) follows in the trainer.
 *
 * <p>Beyond the plain rules: {@link JumpRelu} and {@link Gated} change the codes and the loss
 * and train per-latent parameters of their own ({@link #latentParameters()}), {@link AuxK} adds
 * the dead latents' auxiliary loss, each through a {@link LatentPass} around the main pass; tied
 * weights ({@link SaeOptions#tied()}) make the encoder the decoder's transpose ({@link TiedRows}).
 * The stack also reports which latents fired ({@link #fired()}) and reads AuxK's dead latents
 * ({@link #deadMask()}); counting steps and resampling are the trainer's.
 *
 * <p>Parameters and gradients are [I, …] arrays of the stack's data type (FLOAT to train,
 * DOUBLE for gradient checks); Java passes see them through {@link ArrayElements}.
 */
public final class SaeStack implements AutoCloseable {
    /** JumpReLU's trained log θ [I, L]. */
    public static final String LOG_THRESHOLD = "log_threshold";
    /** The gated SAE's magnitude scale r_mag [I, L] (the magnitude path's rows are exp(r_mag)·W_gate). */
    public static final String MAGNITUDE_SCALE = "r_mag";
    /** The gated SAE's magnitude bias b_mag [I, L]. */
    public static final String MAGNITUDE_BIAS = "b_mag";

    /**
     * An architecture's trained per-latent parameter beyond W_enc, W_dec, b_enc and b_dec: [I, L],
     * no weight decay, indexed by latent on its second axis.
     */
    public record LatentParameter(String name, INDArray value, INDArray gradient) {
    }

    /**
     * Blocks of instances when the encoder product is large: several per thread even out blocks
     * of unequal density. Small products make fewer blocks, as each costs a few native ops
     * (~10–30 µs each). The split depends on the shapes only, never on the thread count: a
     * block's matmul shape can change its results in the last bit, and a resumed run must
     * repeat the original exactly on any machine.
     */
    private static final int LARGE_PRODUCT_BLOCKS = 8;
    private static final int SMALL_PRODUCT_BLOCKS = 2;
    /** Multiply-adds of one instance's encoder product above which it counts as large. */
    private static final long LARGE_PRODUCT = 1L << 20;

    private final SaeActivation activation;
    private final DecoderNorm decoderNorm;
    private final AuxK auxK;
    /** W_enc = W_decᵀ throughout ({@link TiedRows}). */
    private final boolean tied;
    private final int instances;
    private final int inputs;
    private final int latents;
    private final int batch;

    private final INDArray encoder;
    private final INDArray decoder;
    private final INDArray encoderBias;
    private final INDArray decoderBias;
    private final INDArray threshold;
    /** The architecture's extra parameters (JumpReLU: log θ; gated: r_mag, b_mag), in that order. */
    private final List<LatentParameter> latentParameters;
    private final INDArray gradEncoder;
    private final INDArray gradDecoder;
    private final INDArray gradEncoderBias;
    private final INDArray gradDecoderBias;

    private final INDArray input;
    private final INDArray preActivations;
    private final INDArray biasShift;
    private final INDArray codeSums;
    private final INDArray biasPull;
    private final List<InstanceBlock> blocks = new ArrayList<>();

    private final ArrayElements inputView;
    private final double[] x;
    /** Σ_b dLoss/dx̂ per instance, [I·d]: b_dec's gradient before the encoder's share. */
    private final double[] decoderBiasPartial;
    /** Per (instance, latent): whether it fired on the last batch; [I·L], for dead-latent tracking. */
    private final boolean[] fired;
    /** AuxK's input: whether latent l of instance i is dead, at [i * L + l]; null without AuxK. */
    private final boolean[] deadMask;
    /**
     * The latents whose gradient rows the latest pass wrote, per instance ([I·L], the first
     * {@link #gradientRowCount}[i] of instance i's block): every other row of the weight
     * gradients is zero, so the next pass clears just these rather than both whole arrays.
     */
    private final int[] gradientRows;
    private final int[] gradientRowCount;
    /** Per instance: the latest pass was skipped (asked to, or non-finite pre-activations). */
    private final boolean[] skipped;
    private final InstancePool<InstanceWork> pool;

    /**
     * An untied stack without AuxK.
     *
     * @param threads threads for the per-instance passes (1 or more); the native kernels follow
     *                ND4J's own thread settings
     */
    public SaeStack(SaeActivation activation, DecoderNorm decoderNorm, int instances, int inputs, int latents,
                    int batch, DataType dataType, int threads) {
        this(activation, new SaeOptions(decoderNorm, true, DecoderBiasInit.ZERO), instances, inputs, latents, batch,
                dataType, threads);
    }

    /**
     * @param options the stack reads the decoder norm, AuxK and whether weights are tied (the
     *                rest is the trainer's)
     */
    public SaeStack(SaeActivation activation, SaeOptions options, int instances, int inputs, int latents, int batch,
                    DataType dataType, int threads) {
        DecoderNorm decoderNorm = options.decoderNorm();
        AuxK auxK = options.auxK();
        if (instances < 1 || inputs < 1 || latents < 1 || batch < 1 || threads < 1) {
            throw new IllegalArgumentException("SAE stack dimensions must be positive, got instances=" + instances
                    + " inputs=" + inputs + " latents=" + latents + " batch=" + batch + " threads=" + threads);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("an SAE stack computes in FLOAT or DOUBLE, got " + dataType);
        }
        activation.requireFits(latents);
        auxK.requireFits(activation, latents);
        this.activation = activation;
        this.decoderNorm = decoderNorm;
        this.auxK = auxK;
        this.tied = options.tied();
        this.instances = instances;
        this.inputs = inputs;
        this.latents = latents;
        this.batch = batch;
        this.encoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.decoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.encoderBias = Nd4j.zeros(dataType, instances, latents);
        this.decoderBias = Nd4j.zeros(dataType, instances, inputs);
        this.threshold = activation.hasThreshold()
                ? Nd4j.valueArrayOf(new long[]{instances, latents}, Double.NaN, dataType) : null;
        this.latentParameters = latentParametersOf(activation, instances, latents, dataType);
        this.gradEncoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.gradDecoder = Nd4j.zeros(dataType, instances, latents, inputs);
        this.gradEncoderBias = Nd4j.zeros(dataType, instances, latents);
        this.gradDecoderBias = Nd4j.zeros(dataType, instances, inputs);
        this.input = Nd4j.zeros(dataType, batch, inputs);
        this.preActivations = Nd4j.zeros(dataType, (long) instances * latents, batch);
        this.biasShift = Nd4j.zeros(dataType, instances, latents, 1);
        this.codeSums = Nd4j.zeros(dataType, instances, 1, latents);
        this.biasPull = Nd4j.zeros(dataType, instances, 1, inputs);
        this.inputView = ArrayElements.of(input);
        this.x = new double[batch * inputs];
        this.decoderBiasPartial = new double[instances * inputs];
        this.fired = new boolean[instances * latents];
        this.deadMask = auxK.enabled() ? new boolean[instances * latents] : null;
        this.gradientRows = new int[instances * latents];
        this.gradientRowCount = new int[instances];
        this.skipped = new boolean[instances];
        int blockCount = (long) latents * inputs * batch >= LARGE_PRODUCT ? LARGE_PRODUCT_BLOCKS : SMALL_PRODUCT_BLOCKS;
        int perBlock = Math.max(1, (instances + blockCount - 1) / blockCount);
        for (int from = 0; from < instances; from += perBlock) {
            blocks.add(new InstanceBlock(from, Math.min(instances, from + perBlock)));
        }
        List<InstanceWork> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(new InstanceWork());
        }
        this.pool = new InstancePool<>(work);
    }

    private static List<LatentParameter> latentParametersOf(SaeActivation activation, int instances, int latents,
                                                           DataType dataType) {
        List<LatentParameter> list = new ArrayList<>();
        if (activation instanceof JumpRelu j) {
            list.add(new LatentParameter(LOG_THRESHOLD, Nd4j.valueArrayOf(new long[]{instances, latents},
                    Math.log(j.initialThreshold()), dataType), Nd4j.zeros(dataType, instances, latents)));
        } else if (activation instanceof Gated) {
            for (String name : List.of(MAGNITUDE_SCALE, MAGNITUDE_BIAS)) {
                list.add(new LatentParameter(name, Nd4j.zeros(dataType, instances, latents),
                        Nd4j.zeros(dataType, instances, latents)));
            }
        }
        return List.copyOf(list);
    }

    public int instances() {
        return instances;
    }

    public int inputs() {
        return inputs;
    }

    public int latents() {
        return latents;
    }

    public int batch() {
        return batch;
    }

    public SaeActivation activation() {
        return activation;
    }

    public DecoderNorm decoderNorm() {
        return decoderNorm;
    }

    public AuxK auxK() {
        return auxK;
    }

    /** Whether the encoder is the decoder's transpose: {@link #encoder()} is then derived, not trained. */
    public boolean tied() {
        return tied;
    }

    /**
     * The architecture's trained per-latent parameters beyond the four of every SAE: JumpReLU's
     * {@link #LOG_THRESHOLD}; the gated SAE's {@link #MAGNITUDE_SCALE} and {@link #MAGNITUDE_BIAS};
     * none otherwise.
     */
    public List<LatentParameter> latentParameters() {
        return latentParameters;
    }

    /** The parameter {@code name} of {@link #latentParameters()}. */
    LatentParameter latentParameter(String name) {
        return latentParameters.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a " + activation.name() + " stack has no " + name));
    }

    /**
     * AuxK's dead latents, at {@code [i * L + l]}: a live array the trainer fills before each
     * {@link #lossAndGradients}; null when AuxK is off.
     */
    public boolean[] deadMask() {
        return deadMask;
    }

    /** Encoder rows W_encᵀ: [I, L, d], updated in place by the optimiser. */
    public INDArray encoder() {
        return encoder;
    }

    /** Decoder rows: W_dec [I, L, d] ({@link DecoderNorm#PROJECTED}) or its free parameter V (weight norm). */
    public INDArray decoder() {
        return decoder;
    }

    /** b_enc: [I, L]. */
    public INDArray encoderBias() {
        return encoderBias;
    }

    /** b_dec: [I, d]. */
    public INDArray decoderBias() {
        return decoderBias;
    }

    /** The inference threshold [I, L] of rules that keep one ({@link SaeActivation#hasThreshold()}), else null. */
    public INDArray threshold() {
        return threshold;
    }

    public INDArray gradEncoder() {
        return gradEncoder;
    }

    /** dLoss/d{@link #decoder()}, already projected onto the unit sphere's tangent (or through weight norm). */
    public INDArray gradDecoder() {
        return gradDecoder;
    }

    public INDArray gradEncoderBias() {
        return gradEncoderBias;
    }

    public INDArray gradDecoderBias() {
        return gradDecoderBias;
    }

    /**
     * Whether latent l of instance i fired (had a nonzero code for some row) in the last {@link
     * #lossAndGradients} call, at {@code [i * L + l]}; all false for instances it skipped. A live
     * array, overwritten by every call.
     */
    public boolean[] fired() {
        return fired;
    }

    /**
     * Gives latent {@code l} of instance {@code i} new encoder and decoder rows (length d each;
     * the decoder row is used as given, so pass a unit row; tied stacks use it as the encoder row
     * too) and a zero b_enc, and puts the architecture's own parameters of the latent back at
     * their start (log θ of the initial threshold; r_mag and b_mag 0): for resampling.
     */
    public void resetLatent(int i, int l, double[] encoderRow, double[] decoderRow) {
        if (encoderRow.length != inputs || decoderRow.length != inputs) {
            throw new IllegalArgumentException("a latent's rows hold " + inputs + " values, got " + encoderRow.length
                    + " and " + decoderRow.length);
        }
        InstanceWork w = pool.callerWorker();
        int offset = (i * latents + l) * inputs;
        w.encoderView.write(offset, encoderRow, inputs);
        w.decoderView.write(offset, decoderRow, inputs);
        w.encoderBiasView.write(i * latents + l, new double[1], 1);
        for (LatentParameter p : latentParameters) {
            // log θ back to its start; r_mag and b_mag to 0 (the magnitude path equals the gate's)
            double start = activation instanceof JumpRelu j ? Math.log(j.initialThreshold()) : 0.0;
            p.value().putScalar(new long[]{i, l}, start);
        }
    }

    /** Sets instance {@code i}'s parameters (its threshold too, when given and the rule keeps one). */
    public void load(int i, SaeWeights weights) {
        if (weights.inputs() != inputs || weights.latents() != latents) {
            throw new IllegalArgumentException("weights must be " + latents + " latents x " + inputs + " inputs, got "
                    + weights.latents() + " x " + weights.inputs());
        }
        InstanceWork w = pool.callerWorker();
        w.encoderView.write(i * latents * inputs, toDoubles(weights.encoderRows()), latents * inputs);
        w.decoderView.write(i * latents * inputs, toDoubles(weights.decoderRows()), latents * inputs);
        w.encoderBiasView.write(i * latents, toDoubles(weights.encoderBias()), latents);
        w.decoderBiasView.write(i * inputs, toDoubles(weights.decoderBias()), inputs);
        if (threshold != null && weights.threshold() != null) {
            w.thresholdView.write(i * latents, toDoubles(weights.threshold()), latents);
        }
        for (LatentParameter p : latentParameters) {
            double[] values;
            if (p.name().equals(LOG_THRESHOLD)) {
                values = weights.threshold() == null ? null : toDoubles(weights.threshold());
                for (int l = 0; values != null && l < latents; l++) {
                    values[l] = Math.log(values[l]);
                }
            } else {
                float[] extra = weights.extra(p.name());
                values = extra == null ? null : toDoubles(extra);
            }
            if (values != null) {
                ArrayElements.of(p.value()).write(i * latents, values, latents);
            }
        }
    }

    /** A copy of instance {@code i}'s parameters, with the decoder rows scaled to unit norm (as the model uses them). */
    public SaeWeights weights(int i) {
        InstanceWork w = pool.callerWorker();
        if (tied) {
            w.tiedRows.copyDecoderIntoEncoder(i);
        }
        double[] encoderRows = new double[latents * inputs];
        double[] bEnc = new double[latents];
        double[] bDec = new double[inputs];
        w.encoderView.read(i * latents * inputs, encoderRows, encoderRows.length);
        for (int l = 0; l < latents; l++) {
            w.loadDecoderRow(i, l);
        }
        w.encoderBiasView.read(i * latents, bEnc, latents);
        w.decoderBiasView.read(i * inputs, bDec, inputs);
        float[] thresholdCopy = null;
        if (threshold != null) {
            double[] t = new double[latents];
            w.thresholdView.read(i * latents, t, latents);
            thresholdCopy = toFloats(t);
        }
        List<NamedArray> extras = new ArrayList<>();
        for (LatentParameter p : latentParameters) {
            double[] values = new double[latents];
            ArrayElements.of(p.value()).read(i * latents, values, latents);
            if (p.name().equals(LOG_THRESHOLD)) {
                for (int l = 0; l < latents; l++) {
                    values[l] = Math.exp(values[l]);
                }
                thresholdCopy = toFloats(values);
            } else {
                extras.add(new NamedArray(p.name(), new int[]{latents}, toFloats(values)));
            }
        }
        return new SaeWeights(inputs, latents, toFloats(encoderRows), toFloats(w.decoderRows), toFloats(bEnc),
                toFloats(bDec), thresholdCopy, extras);
    }

    /**
     * Forward and backward pass of every instance not {@code skip}ped on the batch {@code x}
     * ([B, d] row-major): fills the gradients and writes each instance's loss into
     * {@code lossOut[i]}: NaN for skipped instances and for those whose pre-activations are not
     * finite (a non-finite encoder or bias), whose gradients are then zero. Training-mode
     * selection: batch-level rules update their inference thresholds.
     *
     * @param l1 per-instance L1 coefficient λ_i
     */
    public void lossAndGradients(double[] x, double[] l1, boolean[] skip, double[] lossOut) {
        if (x.length != batch * inputs || l1.length != instances || skip.length != instances
                || lossOut.length != instances) {
            throw new IllegalArgumentException("expected x of " + batch + "x" + inputs + " values and per-instance"
                    + " arrays of " + instances + ", got x " + x.length + ", l1 " + l1.length + ", skip "
                    + skip.length + ", loss " + lossOut.length);
        }
        System.arraycopy(x, 0, this.x, 0, x.length);
        inputView.write(0, x, x.length);
        pool.forEach(blocks.size(), (w, c) -> blocks.get(c).lossAndGradients(w, l1, skip, lossOut));
    }

    /**
     * Renormalises the decoder rows of instances not {@code frozen} ({@link DecoderNorm#PROJECTED};
     * weight norm normalises on use): due after every optimiser step, so a trainer calls it before
     * each {@link #lossAndGradients}, whose projected gradient assumes unit rows. Returns per
     * instance whether its decoder is usable: every row finite with a positive norm (frozen
     * instances: true).
     */
    public boolean[] normaliseDecoder(boolean[] frozen) {
        boolean[] usable = new boolean[instances];
        pool.forEach(instances, (w, i) -> usable[i] = frozen[i] || w.normaliseDecoder(i));
        return usable;
    }

    /**
     * Encodes {@code n} rows of {@code x} (n × d, row-major) with instance {@code i} in inference
     * mode (batch-level rules fire by threshold): codes z [n, L] and reconstructions x̂ [n, d].
     * Allocates its own native buffers: meant for evaluation, not the training loop.
     */
    public SaeCodes encode(int i, float[] x, int n) {
        if (i < 0 || i >= instances) {
            throw new IllegalArgumentException("instance must be in [0, " + instances + "), got " + i);
        }
        if (n < 0 || x.length != (long) n * inputs) {
            throw new IllegalArgumentException("expected " + n + " x " + inputs + " input values, got " + x.length);
        }
        float[] codes = new float[n * latents];
        float[] reconstructions = new float[n * inputs];
        InstanceWork w = pool.callerWorker();
        if (tied) {
            w.tiedRows.copyDecoderIntoEncoder(i);
        }
        try (INDArray rows = encoder.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).dup()) {
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                w.encodeChunk(i, rows, x, from, count, codes, reconstructions);
            }
        }
        return new SaeCodes(n, inputs, latents, codes, reconstructions);
    }

    /** Bytes of native memory the stack's buffers hold. */
    public long nativeBytes() {
        return NativeArrays.bytes(arrays());
    }

    private List<INDArray> arrays() {
        List<INDArray> all = new ArrayList<>(List.of(encoder, decoder, encoderBias, decoderBias, gradEncoder,
                gradDecoder, gradEncoderBias, gradDecoderBias, input, preActivations, biasShift, codeSums, biasPull));
        if (threshold != null) {
            all.add(threshold);
        }
        for (LatentParameter p : latentParameters) {
            all.add(p.value());
            all.add(p.gradient());
        }
        return all;
    }

    private LatentPass passFor(InstanceWork w) {
        if (activation instanceof JumpRelu j) {
            return new JumpReluPass(this, w, j);
        }
        if (activation instanceof Gated) {
            return new GatedPass(this, w);
        }
        return auxK.enabled() ? new AuxKPass(this, w, auxK) : null;
    }

    /** The current batch, B × d row-major: read by the passes. */
    double[] batchInput() {
        return x;
    }

    @Override
    public void close() {
        pool.close();
        NativeArrays.close(arrays());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[k];
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = (float) values[k];
        }
        return out;
    }

    /** Instances [from, to) with views of their slices of the stack's arrays. */
    private final class InstanceBlock {
        final int from;
        final int to;
        final INDArray encoderRows;
        final INDArray encoderBlock;
        final INDArray decoderBiasColumn;
        final INDArray pre;
        final INDArray shift;
        final INDArray sums;
        final INDArray pull;

        InstanceBlock(int from, int to) {
            this.from = from;
            this.to = to;
            this.encoderBlock = block(encoder);
            this.encoderRows = encoderBlock.reshape((long) (to - from) * latents, inputs);
            this.decoderBiasColumn = block(decoderBias).reshape(to - from, inputs, 1);
            this.pre = preActivations.get(NDArrayIndex.interval((long) from * latents, (long) to * latents),
                    NDArrayIndex.all());
            this.shift = block(biasShift);
            this.sums = block(codeSums);
            this.pull = block(biasPull);
        }

        private INDArray block(INDArray array) {
            INDArrayIndex[] index = new INDArrayIndex[array.rank()];
            index[0] = NDArrayIndex.interval(from, to);
            for (int k = 1; k < index.length; k++) {
                index[k] = NDArrayIndex.all();
            }
            return array.get(index);
        }

        /**
         * pre = E·xᵀ − E·b_dec (+ b_enc in Java), the Java passes, then b_dec's gradient
         * Σ_b dx̂_b − Eᵀ·(Σ_b dz_b), whose second term is a matmul over the code sums.
         */
        void lossAndGradients(InstanceWork w, double[] l1, boolean[] skip, double[] lossOut) {
            for (int i = from; tied && i < to; i++) {
                w.tiedRows.copyDecoderIntoEncoder(i);
            }
            Nd4j.gemm(encoderRows, input, pre, false, true, 1.0, 0.0);
            Nd4j.matmul(encoderBlock, decoderBiasColumn, shift, false, false, false);
            for (int i = from; i < to; i++) {
                lossOut[i] = skip[i] ? w.skip(i) : w.train(i, l1[i]);
            }
            for (int i = from; tied && i < to; i++) {
                w.tiedRows.foldEncoderGradient(i, gradientRows, i * latents, gradientRowCount[i]);
            }
            Nd4j.matmul(sums, encoderBlock, pull, false, false, false);
            for (int i = from; i < to; i++) {
                w.finishDecoderBiasGradient(i);
            }
        }
    }

    /**
     * One thread's views and scratch: everything an instance's pass needs, so that passes of
     * different instances can run concurrently. Rows of the decoder are read on demand (only
     * latents that fire) into {@link #decoderRows}.
     */
    final class InstanceWork {
        final ArrayElements encoderView = ArrayElements.of(encoder);
        final ArrayElements decoderView = ArrayElements.of(decoder);
        final ArrayElements encoderBiasView = ArrayElements.of(encoderBias);
        final ArrayElements decoderBiasView = ArrayElements.of(decoderBias);
        final ArrayElements thresholdView = threshold == null ? null : ArrayElements.of(threshold);
        final ArrayElements gradEncoderView = ArrayElements.of(gradEncoder);
        final ArrayElements gradDecoderView = ArrayElements.of(gradDecoder);
        final ArrayElements gradEncoderBiasView = ArrayElements.of(gradEncoderBias);
        final ArrayElements preView = ArrayElements.of(preActivations);
        final ArrayElements biasShiftView = ArrayElements.of(biasShift);
        final ArrayElements codeSumsView = ArrayElements.of(codeSums);
        final ArrayElements biasPullView = ArrayElements.of(biasPull);
        final ArrayElements gradDecoderBiasView = ArrayElements.of(gradDecoderBias);
        final LatentCodes codes = new LatentCodes();
        final double[] pre = new double[latents * batch];
        final double[] bias = new double[latents];
        final double[] shift = new double[latents];
        final double[] thresholdRow = new double[latents];
        final double[] bDec = new double[inputs];
        final double[] xhat = new double[batch * inputs];
        final double[] dxhat = new double[batch * inputs];
        final double[] decoderRows = new double[latents * inputs];
        /** ‖v_l‖ of the rows in {@link #decoderRows} under weight norm; 1 for projected rows, held at unit norm. */
        final double[] rowNorm = new double[latents];
        final double[] row = new double[inputs];
        final double[] zeroRow = new double[inputs];
        final double[] gradRow = new double[inputs];
        final double[] encoderGradRow = new double[inputs];
        final double[] latentSums = new double[latents];
        final double[] decoderBiasGrad = new double[inputs];
        /** The architecture's own part of the pass, or null for the plain rules. */
        final LatentPass extension = passFor(this);
        final TiedRows tiedRows = tied ? new TiedRows(SaeStack.this, this) : null;

        void finishDecoderBiasGradient(int i) {
            if (skipped[i]) {
                // The pull of a non-finite encoder is NaN even against zero code sums.
                gradDecoderBiasView.write(i * inputs, zeroRow, inputs);
                return;
            }
            biasPullView.read(i * inputs, row, inputs);
            for (int j = 0; j < inputs; j++) {
                row[j] = decoderBiasPartial[i * inputs + j] - row[j];
            }
            gradDecoderBiasView.write(i * inputs, row, inputs);
        }

        /** Zeroes the weight-gradient rows the previous pass wrote for instance i. */
        private void clearGradientRows(int i) {
            for (int k = 0; k < gradientRowCount[i]; k++) {
                int offset = (i * latents + gradientRows[i * latents + k]) * inputs;
                gradDecoderView.write(offset, zeroRow, inputs);
                gradEncoderView.write(offset, zeroRow, inputs);
            }
            gradientRowCount[i] = 0;
        }

        /**
         * Records that a {@link LatentPass} wrote weight-gradient rows of latent l of instance i,
         * which the main pass did not (latent l did not fire), so the next pass clears them.
         */
        void markGradientRows(int i, int l) {
            gradientRows[i * latents + gradientRowCount[i]++] = l;
        }

        /** No pass for instance i: zero gradients, NaN loss. */
        double skip(int i) {
            clearGradientRows(i);
            java.util.Arrays.fill(latentSums, 0);
            codeSumsView.write(i * latents, latentSums, latents);
            gradEncoderBiasView.write(i * latents, latentSums, latents);
            java.util.Arrays.fill(fired, i * latents, (i + 1) * latents, false);
            skipped[i] = true;
            return Double.NaN;
        }

        double train(int i, double l1) {
            clearGradientRows(i);
            skipped[i] = false;
            int n = latents * batch;
            preView.read(i * n, pre, n);
            biasShiftView.read(i * latents, shift, latents);
            encoderBiasView.read(i * latents, bias, latents);
            for (int l = 0; l < latents; l++) {
                bias[l] -= shift[l];
            }
            if (!addBiasAndCheckFinite(batch, bias)) {
                return skip(i);
            }
            select(i, batch, true);
            for (int l = 0; l < latents; l++) {
                fired[i * latents + l] = codes.start(l) < codes.start(l + 1);
            }
            decoderBiasView.read(i * inputs, bDec, inputs);
            decode(i, batch);

            double squares = 0;
            double scale = 2.0 / ((double) batch * inputs);
            java.util.Arrays.fill(decoderBiasGrad, 0);
            for (int b = 0, k = 0; b < batch; b++) {
                for (int j = 0; j < inputs; j++, k++) {
                    double err = xhat[k] - x[k];
                    squares += err * err;
                    dxhat[k] = scale * err;
                    decoderBiasGrad[j] += scale * err;
                }
            }
            System.arraycopy(decoderBiasGrad, 0, decoderBiasPartial, i * inputs, inputs);

            double codeL1 = activation.l1OnCodes() ? l1 : 0;
            double l1PerRow = codeL1 / batch;
            java.util.Arrays.fill(latentSums, 0);
            for (int l = 0; l < latents; l++) {
                int end = codes.start(l + 1);
                if (codes.start(l) == end) {
                    continue;
                }
                int rowOffset = l * inputs;
                java.util.Arrays.fill(gradRow, 0);
                java.util.Arrays.fill(encoderGradRow, 0);
                double sum = 0;
                for (int e = codes.start(l); e < end; e++) {
                    int xOffset = codes.row(e) * inputs;
                    double dz = RowOps.dot(dxhat, xOffset, decoderRows, rowOffset, inputs) + l1PerRow;
                    RowOps.axpy(codes.value(e), dxhat, xOffset, gradRow, 0, inputs);
                    RowOps.axpy(dz, x, xOffset, encoderGradRow, 0, inputs);
                    sum += dz;
                }
                // The encoder saw x − b_dec.
                for (int j = 0; j < inputs; j++) {
                    encoderGradRow[j] -= sum * bDec[j];
                }
                projectOntoTangent(rowOffset, rowNorm[l]);
                int offset = (i * latents + l) * inputs;
                gradDecoderView.write(offset, gradRow, inputs);
                gradEncoderView.write(offset, encoderGradRow, inputs);
                gradientRows[i * latents + gradientRowCount[i]++] = l;
                latentSums[l] = sum;
            }
            gradEncoderBiasView.write(i * latents, latentSums, latents);
            codeSumsView.write(i * latents, latentSums, latents);
            double loss = squares / ((double) batch * inputs) + codeL1 * codes.valueSum() / batch;
            return extension == null ? loss : loss + extension.afterBackward(i, l1);
        }

        /** pre[l, ·] += bias[l] for the first {@code rows} columns; false if any result is not finite. */
        private boolean addBiasAndCheckFinite(int rows, double[] bias) {
            // v·0 is ±0 for finite v and NaN otherwise; four sums keep the adds independent.
            double p0 = 0;
            double p1 = 0;
            double p2 = 0;
            double p3 = 0;
            for (int l = 0; l < latents; l++) {
                double add = bias[l];
                int k = l * rows;
                int end = k + rows;
                for (; k + 3 < end; k += 4) {
                    pre[k] += add;
                    pre[k + 1] += add;
                    pre[k + 2] += add;
                    pre[k + 3] += add;
                    p0 += pre[k] * 0.0;
                    p1 += pre[k + 1] * 0.0;
                    p2 += pre[k + 2] * 0.0;
                    p3 += pre[k + 3] * 0.0;
                }
                for (; k < end; k++) {
                    pre[k] += add;
                    p0 += pre[k] * 0.0;
                }
            }
            return p0 + p1 + p2 + p3 == 0;
        }

        private void select(int i, int rows, boolean training) {
            if (thresholdView != null) {
                thresholdView.read(i * latents, thresholdRow, latents);
            }
            if (extension != null) {
                extension.beforeSelect(i, rows);
            }
            activation.select(pre, latents, rows, training, thresholdRow, codes);
            if (thresholdView != null && training) {
                thresholdView.write(i * latents, thresholdRow, latents);
            }
        }

        /** x̂ = b_dec + Σ over active pairs of z·D[l], for the first {@code rows} rows (bDec loaded). */
        private void decode(int i, int rows) {
            for (int b = 0; b < rows; b++) {
                System.arraycopy(bDec, 0, xhat, b * inputs, inputs);
            }
            for (int l = 0; l < latents; l++) {
                int end = codes.start(l + 1);
                if (codes.start(l) == end) {
                    continue;
                }
                loadDecoderRow(i, l);
                for (int e = codes.start(l); e < end; e++) {
                    RowOps.axpy(codes.value(e), decoderRows, l * inputs, xhat, codes.row(e) * inputs, inputs);
                }
            }
        }

        /**
         * Reads decoder row l of instance i, scaled to unit norm, into {@link #decoderRows} and
         * {@link #row}: the model always decodes with unit rows. Projected rows are unit already at
         * the start of a step (a no-op up to rounding), but not after the last update, when
         * inference may run.
         */
        void loadDecoderRow(int i, int l) {
            decoderView.read((i * latents + l) * inputs, row, inputs);
            double norm = Math.sqrt(RowOps.dot(row, 0, row, 0, inputs));
            for (int j = 0; j < inputs; j++) {
                row[j] /= norm;
            }
            rowNorm[l] = decoderNorm == DecoderNorm.WEIGHT_NORM ? norm : 1;
            System.arraycopy(row, 0, decoderRows, l * inputs, inputs);
        }

        /**
         * gradRow ← its component orthogonal to the (unit) decoder row, divided by ‖v‖ under
         * weight norm: the gradient with respect to the parameter row.
         */
        void projectOntoTangent(int rowOffset, double norm) {
            double along = 0;
            for (int j = 0; j < inputs; j++) {
                along += gradRow[j] * decoderRows[rowOffset + j];
            }
            for (int j = 0; j < inputs; j++) {
                gradRow[j] = (gradRow[j] - along * decoderRows[rowOffset + j]) / norm;
            }
        }

        boolean normaliseDecoder(int i) {
            boolean usable = true;
            for (int l = 0; l < latents; l++) {
                int offset = (i * latents + l) * inputs;
                decoderView.read(offset, row, inputs);
                double norm = Math.sqrt(RowOps.dot(row, 0, row, 0, inputs));
                usable &= norm > 0 && norm < Double.POSITIVE_INFINITY;
                if (decoderNorm == DecoderNorm.PROJECTED) {
                    for (int j = 0; j < inputs; j++) {
                        row[j] /= norm;
                    }
                    decoderView.write(offset, row, inputs);
                }
            }
            return usable;
        }


        /** Inference on rows [from, from + count) of x with instance i's encoder rows [L, d]. */
        void encodeChunk(int i, INDArray encoderRows, float[] xAll, int from, int count, float[] codesOut,
                         float[] reconstructionsOut) {
            decoderBiasView.read(i * inputs, bDec, inputs);
            encoderBiasView.read(i * latents, bias, latents);
            try (INDArray centred = Nd4j.create(encoderRows.dataType(), count, inputs);
                 INDArray out = Nd4j.create(encoderRows.dataType(), latents, count)) {
                double[] chunk = new double[count * inputs];
                for (int b = 0, k = 0; b < count; b++) {
                    for (int j = 0; j < inputs; j++, k++) {
                        chunk[k] = xAll[(from + b) * inputs + j] - bDec[j];
                    }
                }
                ArrayElements.of(centred).write(0, chunk, chunk.length);
                Nd4j.gemm(encoderRows, centred, out, false, true, 1.0, 0.0);
                ArrayElements.of(out).read(0, pre, latents * count);
            }
            addBiasAndCheckFinite(count, bias);
            select(i, count, false);
            decode(i, count);
            for (int l = 0; l < latents; l++) {
                for (int e = codes.start(l); e < codes.start(l + 1); e++) {
                    codesOut[(from + codes.row(e)) * latents + l] = (float) codes.value(e);
                }
            }
            for (int k = 0; k < count * inputs; k++) {
                reconstructionsOut[from * inputs + k] = (float) xhat[k];
            }
        }
    }
}
