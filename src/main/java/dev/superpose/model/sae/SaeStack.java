package dev.superpose.model.sae;

import dev.superpose.model.ArrayElements;
import dev.superpose.model.InstancePool;
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
 *   pre = (x − b_dec)·Eᵀ + b_enc        z = rule(pre)  ({@link Architecture}; z = pre where active)
 *   x̂ = z·D + b_dec
 *   loss = mean_b [ mean_d (x̂ − x)² ] + λ · (the architecture's {@link Penalty})
 * </pre>
 * A stack of transcoders ({@link SaeShape#transcoder}) reads x [B, d_in] and reconstructs
 * another activation y [B, d_out] given with each batch: pre = x·Eᵀ + b_enc (E: [L, d_in]),
 * x̂ = z·D + b_dec (D: [L, d_out]) and the loss compares x̂ with y; everything else is the same.
 * The encoder's product is shared by a block of instances, as the input is: one matmul
 * pre = E_blk·xᵀ − E_blk·b_dec with E_blk = [instances·L, d]. Once a few dozen steps have passed,
 * only a few percent of (row, latent) pairs fire, and decoding and all gradients are computed from
 * the active pairs alone in Java (latent by latent: an active pair costs four length-d row
 * operations). In a dense phase (early training, small λ), an instance's batch instead takes BLAS
 * products over all pairs ({@link CodePath}, chosen per instance and batch from its own active
 * fraction, {@link SaeOptions#codePath()}); either way inactive latents' gradient rows stay zero. Blocks of
 * instances run on {@code threads} threads, each block's matmuls and passes on one thread; an
 * instance's work touches only its own slices, so results do not depend on the thread count, nor
 * on the stack's other members beyond the last bit of a matmul whose shape they change. Measured
 * on the 2-core box (16 SAEs 256 → 1024, batch 256): encoder matmul ~20 ms single-threaded, the
 * passes ~16 ms; Adam's update (~30 ms) follows in the trainer.
 *
 * <p>The stack is split by job: {@link SaeParameters} holds the parameters and their import and
 * export, {@link TrainingPass} is one thread's training pass (on a {@link Forward} pass shared
 * with {@link Inference}), and the architecture's own terms run as {@link LatentPass}es that see
 * a thread's buffers through a {@link PassContext}; AuxK adds the dead latents' auxiliary loss the
 * same way. Tied weights ({@link SaeOptions#tied()}) make the encoder the decoder's transpose
 * ({@link RowViews#copyDecoderIntoEncoder}). The stack reports which latents fired
 * ({@link #fired()}) and reads AuxK's dead latents ({@link #deadMask()}); counting steps and
 * resampling are the trainer's.
 *
 * <p>Parameters and gradients are [I, …] arrays of the stack's data type (FLOAT to train,
 * DOUBLE for gradient checks).
 */
public final class SaeStack implements AutoCloseable {
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

    private final SaeParameters parameters;
    private final StepBuffers step;
    /** The batch's native copy, the blocks' matmul operand: one view for the stack's life (a view holds a staging array). */
    private final ArrayElements inputView;
    private final AuxK auxK;
    private final SaeShape shape;
    private final InputNormalization normalization;
    private final int batch;
    private final List<InstanceBlock> blocks = new ArrayList<>();
    private final List<InstanceWork> workers = new ArrayList<>();
    private final InstancePool<InstanceWork> pool;

    /**
     * An untied stack without AuxK.
     *
     * @param threads threads for the per-instance passes (1 or more); the native kernels follow
     *                ND4J's own thread settings
     */
    public SaeStack(Architecture architecture, DecoderNorm decoderNorm, int instances, int inputs, int latents,
                    int batch, DataType dataType, int threads) {
        this(architecture, new SaeOptions(decoderNorm, true, DecoderBiasInit.ZERO), instances, inputs, latents, batch,
                dataType, threads);
    }

    /**
     * A stack of SAEs of d-dimensional rows.
     *
     * @param options the stack reads the decoder norm, AuxK and whether weights are tied (the
     *                rest is the trainer's)
     */
    public SaeStack(Architecture architecture, SaeOptions options, int instances, int inputs, int latents, int batch,
                    DataType dataType, int threads) {
        this(architecture, options, instances, SaeShape.autoencoder(inputs), latents, batch, dataType, threads);
    }

    /**
     * A stack of SAEs or transcoders ({@code shape}).
     *
     * @param options the stack reads the decoder norm, AuxK and whether weights are tied (the
     *                rest is the trainer's); a transcoder cannot be tied
     */
    public SaeStack(Architecture architecture, SaeOptions options, int instances, SaeShape shape, int latents,
                    int batch, DataType dataType, int threads) {
        int inputs = shape.inputs();
        if (instances < 1 || latents < 1 || batch < 1 || threads < 1) {
            throw new IllegalArgumentException("SAE stack dimensions must be positive, got instances=" + instances
                    + " latents=" + latents + " batch=" + batch + " threads=" + threads);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("an SAE stack computes in FLOAT or DOUBLE, got " + dataType);
        }
        if (options.tied() && shape.transcoder()) {
            throw new IllegalArgumentException("a transcoder cannot tie its weights: its encoder reads another space"
                    + " than its decoder writes");
        }
        architecture.requireFits(latents);
        options.auxK().requireFits(architecture, latents);
        this.auxK = options.auxK();
        this.shape = shape;
        this.normalization = options.inputNormalization();
        this.batch = batch;
        this.parameters = new SaeParameters(architecture, options.decoderNorm(), options.tied(), instances, shape,
                latents, dataType);
        this.step = new StepBuffers(instances, shape, latents, batch, dataType, auxK.enabled());
        this.inputView = ArrayElements.of(step.input());
        int perBlock = blockInstances(instances, inputs, latents, batch);
        for (int from = 0; from < instances; from += perBlock) {
            blocks.add(new InstanceBlock(from, Math.min(instances, from + perBlock)));
        }
        for (int t = 0; t < threads; t++) {
            workers.add(new InstanceWork(parameters, step, auxK, normalization, options.codePath(), batch));
        }
        this.pool = new InstancePool<>(workers);
    }

    /**
     * Instances per block of a stack of this shape (the last block may hold fewer): each block's
     * encoder product is one [instances·L, d_in]·[B, d_in]ᵀ matmul.
     */
    public static int blockInstances(int instances, int inputs, int latents, int batch) {
        int blockCount = (long) latents * inputs * batch >= LARGE_PRODUCT ? LARGE_PRODUCT_BLOCKS : SMALL_PRODUCT_BLOCKS;
        return Math.max(1, (instances + blockCount - 1) / blockCount);
    }

    public int instances() {
        return parameters.instances();
    }

    /** d_in: the length of the rows the encoder reads. */
    public int inputs() {
        return parameters.inputs();
    }

    /** d_out: the length of the rows the decoder writes (d_in for an SAE). */
    public int outputs() {
        return parameters.outputs();
    }

    public SaeShape shape() {
        return shape;
    }

    public int latents() {
        return parameters.latents();
    }

    public int batch() {
        return batch;
    }

    public Architecture architecture() {
        return parameters.architecture();
    }

    public DecoderNorm decoderNorm() {
        return parameters.decoderNorm();
    }

    public AuxK auxK() {
        return auxK;
    }

    /** What the model does to each input row before encoding it (and undoes on the reconstruction). */
    public InputNormalization inputNormalization() {
        return normalization;
    }

    /** Whether the encoder is the decoder's transpose: {@link #encoder()} is then derived, not trained. */
    public boolean tied() {
        return parameters.tied();
    }

    /** The architecture's trained per-latent parameters beyond the four of every SAE ({@link Architecture#latentParameters()}). */
    public List<LatentParameter> latentParameters() {
        return parameters.latentParameters();
    }

    /** The parameter {@code name} of {@link #latentParameters()}. */
    LatentParameter latentParameter(String name) {
        return parameters.latentParameter(name);
    }

    /**
     * AuxK's dead latents, at {@code [i * L + l]}: a live array the trainer fills before each
     * {@link #lossAndGradients}; null when AuxK is off.
     */
    public boolean[] deadMask() {
        return step.deadMask();
    }

    /** Encoder rows W_encᵀ: [I, L, d_in], updated in place by the optimiser. */
    public INDArray encoder() {
        return parameters.encoder();
    }

    /** Decoder rows: W_dec [I, L, d_out] ({@link DecoderNorm#PROJECTED}) or its free parameter V (weight norm). */
    public INDArray decoder() {
        return parameters.decoder();
    }

    /** b_enc: [I, L]. */
    public INDArray encoderBias() {
        return parameters.encoderBias();
    }

    /** b_dec: [I, d_out]. */
    public INDArray decoderBias() {
        return parameters.decoderBias();
    }

    /** The inference threshold [I, L] of rules that keep one ({@link Architecture#keepsThreshold()}), else null. */
    public INDArray threshold() {
        return parameters.threshold();
    }

    public INDArray gradEncoder() {
        return parameters.gradEncoder();
    }

    /** dLoss/d{@link #decoder()}, already projected onto the unit sphere's tangent (or through weight norm). */
    public INDArray gradDecoder() {
        return parameters.gradDecoder();
    }

    public INDArray gradEncoderBias() {
        return parameters.gradEncoderBias();
    }

    public INDArray gradDecoderBias() {
        return parameters.gradDecoderBias();
    }

    /**
     * Whether latent l of instance i fired (had a nonzero code for some row) in the last {@link
     * #lossAndGradients} call, at {@code [i * L + l]}; all false for instances it skipped. A live
     * array, overwritten by every call.
     */
    public boolean[] fired() {
        return step.fired();
    }

    /**
     * Gives latent {@code l} of instance {@code i} new encoder and decoder rows (of d_in and d_out;
     * the decoder row is used as given, so pass a unit row; tied stacks use it as the encoder row
     * too) and a zero b_enc, and puts the architecture's own parameters of the latent back at
     * their start ({@link LatentParameterSpec#start()}): for resampling.
     */
    public void resetLatent(int i, int l, double[] encoderRow, double[] decoderRow) {
        parameters.resetLatent(i, l, encoderRow, decoderRow);
    }

    /** Sets instance {@code i}'s parameters (its threshold too, when given and the rule keeps one). */
    public void load(int i, SaeWeights weights) {
        parameters.load(i, weights);
    }

    /** A copy of instance {@code i}'s parameters, with the decoder rows scaled to unit norm (as the model uses them). */
    public SaeWeights weights(int i) {
        return parameters.weights(i);
    }

    /**
     * Forward and backward pass of every instance not {@code skip}ped on the batch {@code x}
     * ([B, d] row-major): fills the gradients and writes each instance's loss into
     * {@code lossOut[i]}: NaN for skipped instances and for those whose pre-activations are not
     * finite (a non-finite encoder or bias), whose gradients are then zero. Training-mode
     * selection: batch-level rules update their inference thresholds.
     *
     * @param coefficient per-instance λ_i, the weight of the architecture's {@link Architecture#penalty()}
     */
    public void lossAndGradients(double[] x, double[] coefficient, boolean[] skip, double[] lossOut) {
        lossAndGradients(x, batch, coefficient, skip, lossOut);
    }

    /**
     * {@link #lossAndGradients(double[], double[], boolean[], double[])} on the first {@code rows}
     * rows of {@code x} (1 ≤ rows ≤ B; x still holds B rows, the rest ignored): an epoch's short
     * last batch, whose loss and gradients are means over its own rows.
     */
    public void lossAndGradients(double[] x, int rows, double[] coefficient, boolean[] skip, double[] lossOut) {
        if (shape.transcoder()) {
            throw new IllegalStateException("a transcoder stack needs each batch's targets");
        }
        pass(x, rows, coefficient, skip, lossOut);
    }

    /**
     * A transcoder stack's {@link #lossAndGradients(double[], int, double[], boolean[], double[])}:
     * the first {@code rows} rows of the batch {@code x} ([B, d_in]) are encoded and their targets
     * {@code y} ([B, d_out] row-major) reconstructed.
     */
    public void lossAndGradients(double[] x, double[] y, int rows, double[] coefficient, boolean[] skip,
                                 double[] lossOut) {
        if (!shape.transcoder()) {
            throw new IllegalStateException("an SAE stack reconstructs its input: it takes no targets");
        }
        if (y.length != batch * outputs()) {
            throw new IllegalArgumentException("expected targets of " + batch + "x" + outputs() + " values, got "
                    + y.length);
        }
        System.arraycopy(y, 0, step.target(), 0, y.length);
        pass(x, rows, coefficient, skip, lossOut);
    }

    private void pass(double[] x, int rows, double[] coefficient, boolean[] skip, double[] lossOut) {
        int instances = instances();
        int inputs = inputs();
        if (x.length != batch * inputs || rows < 1 || rows > batch || coefficient.length != instances
                || skip.length != instances || lossOut.length != instances) {
            throw new IllegalArgumentException("expected x of " + batch + "x" + inputs + " values, 1 to " + batch
                    + " rows and per-instance arrays of " + instances + ", got x " + x.length + ", rows " + rows
                    + ", coefficients " + coefficient.length + ", skip " + skip.length + ", loss " + lossOut.length);
        }
        step.setRows(rows);
        System.arraycopy(x, 0, step.rawInput(), 0, x.length);
        normalization.standardise(x, rows, inputs, step.batchInput(), step.rowMean(), step.rowStd());
        // rows past a short batch are zero: their pre-activations are computed and never read
        java.util.Arrays.fill(step.batchInput(), rows * inputs, x.length, 0.0);
        inputView.write(0, step.batchInput(), x.length);
        step.splitBatchInput();
        pool.forEach(blocks.size(), (w, c) -> blocks.get(c).lossAndGradients(w, coefficient, skip, lossOut));
    }

    /**
     * Renormalises the decoder rows of instances not {@code frozen} ({@link DecoderNorm#PROJECTED};
     * weight norm normalises on use): due after every optimiser step, so a trainer calls it before
     * each {@link #lossAndGradients}, whose projected gradient assumes unit rows. Returns per
     * instance whether its decoder is usable: every row finite with a positive norm (frozen
     * instances: true).
     */
    public boolean[] normaliseDecoder(boolean[] frozen) {
        boolean[] usable = new boolean[instances()];
        pool.forEach(instances(), (w, i) -> usable[i] = frozen[i] || w.views().normaliseDecoder(i));
        return usable;
    }

    /**
     * {@link #normaliseDecoder}'s answer without renormalising: per instance whether every decoder
     * row is finite with a positive norm (frozen instances: true).
     */
    public boolean[] decoderUsable(boolean[] frozen) {
        boolean[] usable = new boolean[instances()];
        pool.forEach(instances(), (w, i) -> usable[i] = frozen[i] || w.views().decoderUsable(i));
        return usable;
    }

    /**
     * Encodes {@code n} rows of {@code x} (n × d_in, row-major) with instance {@code i} in inference
     * mode (batch-level rules fire by threshold): codes z [n, L] and reconstructions x̂ [n, d_out].
     * Allocates its own native buffers: meant for evaluation, not the training loop.
     */
    public SaeCodes encode(int i, float[] x, int n) {
        int inputs = inputs();
        int latents = latents();
        if (i < 0 || i >= instances()) {
            throw new IllegalArgumentException("instance must be in [0, " + instances() + "), got " + i);
        }
        if (n < 0 || x.length != (long) n * inputs) {
            throw new IllegalArgumentException("expected " + n + " x " + inputs + " input values, got " + x.length);
        }
        float[] codes = new float[n * latents];
        float[] reconstructions = new float[n * outputs()];
        InstanceWork w = pool.callerWorker();
        if (tied()) {
            w.views().copyDecoderIntoEncoder(i);
        }
        try (INDArray rows = encoder().get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).dup()) {
            for (int from = 0; from < n; from += batch) {
                int count = Math.min(batch, n - from);
                w.inference().encodeChunk(i, rows, x, from, count, codes, reconstructions, w.passes());
            }
        }
        return new SaeCodes(n, outputs(), latents, codes, reconstructions);
    }

    /** Bytes of native memory the stack's buffers hold. */
    public long nativeBytes() {
        return NativeArrays.bytes(parameters.arrays()) + NativeArrays.bytes(step.arrays())
                + workers.stream().mapToLong(w -> w.training().nativeBytes()).sum();
    }

    @Override
    public void close() {
        pool.close();
        workers.forEach(InstanceWork::close);
        parameters.close();
        step.close();
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
            int latents = latents();
            this.encoderBlock = block(parameters.encoder());
            this.encoderRows = encoderBlock.reshape((long) (to - from) * latents, inputs());
            this.decoderBiasColumn = block(parameters.decoderBias()).reshape(to - from, outputs(), 1);
            this.pre = step.preActivations().get(NDArrayIndex.interval((long) from * latents, (long) to * latents),
                    NDArrayIndex.all());
            this.shift = block(step.biasShift());
            this.sums = block(step.codeSums());
            this.pull = block(step.biasPull());
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
         * Σ_b dx̂_b − Eᵀ·(Σ_b dz_b), whose second term is a matmul over the code sums. A
         * transcoder's encoder does not see b_dec: neither product (their buffers stay zero).
         */
        void lossAndGradients(InstanceWork w, double[] coefficient, boolean[] skip, double[] lossOut) {
            boolean tied = tied();
            boolean centred = shape.centresInput();
            for (int i = from; tied && i < to; i++) {
                w.views().copyDecoderIntoEncoder(i);
            }
            Nd4j.gemm(encoderRows, step.input(), pre, false, true, 1.0, 0.0);
            if (centred) {
                Nd4j.matmul(encoderBlock, decoderBiasColumn, shift, false, false, false);
            }
            TrainingPass training = w.training();
            for (int i = from; i < to; i++) {
                lossOut[i] = skip[i] ? training.skip(i) : training.train(i, coefficient[i], w.passes());
            }
            for (int i = from; tied && i < to; i++) {
                w.views().foldEncoderGradient(i, step.gradientRows(), i * latents(), step.gradientRowCount(i),
                        training.scratchRow());
            }
            if (centred) {
                Nd4j.matmul(sums, encoderBlock, pull, false, false, false);
            }
            for (int i = from; i < to; i++) {
                training.finishDecoderBiasGradient(i);
            }
        }
    }
}
