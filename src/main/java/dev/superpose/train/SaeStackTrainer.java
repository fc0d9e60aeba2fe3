package dev.superpose.train;

import dev.superpose.data.source.Activations;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.LatentParameter;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeStack;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains a stack of SAEs on one pool of training rows, one optimisation step of every instance per
 * {@link #step()}; a stack of transcoders ({@link SaeStackSpec#shape()}) on a pool and its rows'
 * targets, batched together. Every instance sees the same batch (the data belongs to the stack, see {@link
 * PoolBatches}); its seed sets only its initialisation. A step is a function of (parameters,
 * Adam moments, threshold estimates, step index, data seed), so an instance's trajectory is the
 * same alone or in any stack. Schedule, Adam(W) with decay on W_enc and W_dec, divergence and
 * state: {@link StackTraining}; the state adds batchtopk's thresholds and the steps since each
 * latent last fired ({@link DeadLatents}), whose dead latents also feed the next step's AuxK loss.
 *
 * <p>The Adam parameters are W_enc (not when tied: the decoder then carries both uses), W_dec,
 * b_enc, b_dec and the architecture's own ({@link SaeStack#latentParameters()}, no decay).
 *
 * <p>With resampling on, every {@code resampleEvery} steps (not after the last) the dead latents
 * of each instance not frozen are resampled ({@link LatentResampler}), their Adam moments zeroed
 * and their windows restarted.
 *
 * <p>Decoder rows are renormalised at the start of each step, which is the same as after each
 * update: nothing reads them in between, and {@link #weights} exports them normalised
 * ({@link DecoderNorm#RENORMALISED} renormalises after each update instead, and the next step
 * uses those rows as they are). An
 * instance whose decoder cannot be normalised (a zero or non-finite row) is frozen like one whose
 * loss goes non-finite. Creating a trainer sets ND4J's process-wide thread counts
 * ({@link ComputeThreads}).
 */
public final class SaeStackTrainer implements StackTrainer {
    /** b_dec's initial value is computed from at most this many pool rows (epoch 0's first ones). */
    static final int DECODER_BIAS_SAMPLE = 4096;
    /** Stack state names: parameters in the stack's layout (encoder rows are W_enc transposed). */
    static final String ENCODER_ROWS = "W_enc_T";
    static final String DECODER_ROWS = "W_dec";
    static final String ENCODER_BIAS = "b_enc";
    static final String DECODER_BIAS = "b_dec";
    static final String THRESHOLD = "threshold";

    private final SaeStackSpec spec;
    private final SaeStack stack;
    private final StackTraining training;
    private final PoolBatches batches;
    private final DeadLatents dead;
    /** Null without resampling. */
    private final LatentResampler resampler;
    /** Parameters indexed by latent on their second axis, whose Adam rows resampling resets. */
    private final List<String> latentParameters;
    /** Per instance λ, the weight of the architecture's sparsity penalty. */
    private final double[] sparsityCoefficients;
    private final double[] x;
    /** A transcoder stack's batch of targets; null for SAEs, which reconstruct x. */
    private final double[] y;
    /** The pool's targets: the pool itself for SAEs. */
    private final Activations targets;
    private final boolean[] skip;
    /**
     * Under {@link DecoderNorm#RENORMALISED}, which renormalises the rows after every update: per
     * instance whether its rows were usable then, so that the next step need not renormalise them
     * again; null before the first step, when the start renormalises them.
     */
    private boolean[] usableAfterUpdate;

    /** A trainer with {@link ComputeThreads#sae()} threads for the per-instance passes. */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool) {
        this(spec, instances, pool, ComputeThreads.sae());
    }

    /**
     * A stack of SAEs.
     *
     * @param pool    the training rows (n × d); each epoch visits them in a shuffled order
     * @param threads threads for the per-instance passes and Adam's update; results do not depend on it
     */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool, int threads) {
        this(spec, instances, pool, pool, threads);
    }

    /** A stack of SAEs or transcoders with {@link ComputeThreads#sae()} threads for the per-instance passes. */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool, Activations targets) {
        this(spec, instances, pool, targets, ComputeThreads.sae());
    }

    /**
     * @param pool    the training rows (n × d_in); each epoch visits them in a shuffled order
     * @param targets what each row is reconstructed into (n × d_out, row-aligned with the pool): the
     *                pool itself for SAEs
     * @param threads threads for the per-instance passes and Adam's update; results do not depend on it
     */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool, Activations targets,
                           int threads) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one trial");
        }
        if (pool.dim() != spec.inputs() || targets.dim() != spec.shape().outputs()) {
            throw new IllegalArgumentException("the SAE stack reads " + spec.inputs() + "-dimensional rows and"
                    + " reconstructs " + spec.shape().outputs() + "-dimensional ones, the pool holds " + pool.dim()
                    + "-dimensional rows and " + targets.dim() + "-dimensional targets");
        }
        if (!spec.shape().transcoder() && targets != pool) {
            throw new IllegalArgumentException("an SAE reconstructs its own rows: the targets must be the pool");
        }
        ComputeThreads.useSingleThreadedKernels();
        int n = instances.size();
        this.spec = spec;
        this.targets = targets;
        this.batches = new PoolBatches(pool, spec.batchSize(), spec.dataSeed(), spec.keepLastBatch());
        if (targets.rows() != pool.rows()) {
            throw new IllegalArgumentException("every pool row needs its target: " + pool.rows() + " rows, "
                    + targets.rows() + " targets");
        }
        this.stack = new SaeStack(spec.architecture(), spec.options(), n, spec.shape(), spec.latents(),
                spec.batchSize(), DataType.FLOAT, threads);
        List<StackAdam.Parameter> parameters = new ArrayList<>();
        List<String> perLatent = new ArrayList<>();
        if (!stack.tied()) {
            // tied: the encoder is the decoder, whose gradient already holds both uses
            parameters.add(new StackAdam.Parameter(ENCODER_ROWS, stack.encoder(), stack.gradEncoder(), true));
            perLatent.add(ENCODER_ROWS);
        }
        parameters.addAll(List.of(
                new StackAdam.Parameter(DECODER_ROWS, stack.decoder(), stack.gradDecoder(), true),
                new StackAdam.Parameter(ENCODER_BIAS, stack.encoderBias(), stack.gradEncoderBias(), false)));
        if (spec.options().decoderBiasInit().trained()) {
            // without a decoder bias b_dec stays at its zero start: no parameter, no state
            parameters.add(new StackAdam.Parameter(DECODER_BIAS, stack.decoderBias(), stack.gradDecoderBias(), false));
        }
        perLatent.addAll(List.of(DECODER_ROWS, ENCODER_BIAS));
        for (LatentParameter p : stack.latentParameters()) {
            parameters.add(new StackAdam.Parameter(p.name(), p.value(), p.gradient(), false));
            perLatent.add(p.name());
        }
        this.latentParameters = List.copyOf(perLatent);
        this.training = new StackTraining(spec.sharedTraining(),
                instances.stream().mapToDouble(SaeInstanceSpec::lr).toArray(),
                instances.stream().mapToDouble(SaeInstanceSpec::weightDecay).toArray(), parameters, threads);
        this.sparsityCoefficients = instances.stream().mapToDouble(SaeInstanceSpec::sparsityCoefficient).toArray();
        this.x = new double[spec.batchSize() * spec.inputs()];
        this.y = spec.shape().transcoder() ? new double[spec.batchSize() * spec.shape().outputs()] : null;
        this.skip = new boolean[n];
        this.dead = new DeadLatents(n, spec.latents(), spec.options().deadWindow());
        this.resampler = spec.options().resampling() == Resampling.NONE ? null
                : new LatentResampler(spec.options().resampling(), spec.options().resampleTuning(), pool, targets,
                spec.dataSeed(),
                instances.stream().mapToLong(SaeInstanceSpec::seed).toArray());
        double[] decoderBias = initialDecoderBias(targets);
        for (int i = 0; i < n; i++) {
            stack.load(i, spec.options().initialisation().initial(instances.get(i).seed(), spec.shape(),
                    spec.latents(), spec.options().tiedEncoderInit(), decoderBias));
        }
    }

    /**
     * b_dec lives in the targets' space, where the decoder writes: its start comes from a sample of
     * them, standardised as the encoder's inputs are under input normalisation (an SAE's only).
     */
    private double[] initialDecoderBias(Activations targets) {
        int count = Math.min(targets.rows(), DECODER_BIAS_SAMPLE);
        Activations sample = targets.select(batches.firstRows(0, count));
        float[] rows = spec.options().inputNormalization().standardise(sample.values(), sample.rows(), sample.dim());
        return spec.options().decoderBiasInit().from(rows, sample.rows(), sample.dim());
    }

    public SaeStackSpec spec() {
        return spec;
    }

    @Override
    public int instances() {
        return stack.instances();
    }

    @Override
    public void step() {
        training.requireStepsLeft();
        boolean[] frozen = training.diverged();
        boolean[] usable = usableAfterUpdate != null ? usableAfterUpdate : stack.normaliseDecoder(frozen);
        for (int i = 0; i < skip.length; i++) {
            skip[i] = frozen[i] || !usable[i];
        }
        int rows = batches.fill(training.stepsDone(), x);
        if (stack.deadMask() != null) {
            dead.writeMask(stack.deadMask());
        }
        // Skipped instances report NaN, which freezes them in the update.
        if (y == null) {
            stack.lossAndGradients(x, rows, sparsityCoefficients, skip, training.loss());
        } else {
            batches.fill(targets, training.stepsDone(), y);
            stack.lossAndGradients(x, y, rows, sparsityCoefficients, skip, training.loss());
        }
        dead.record(stack.fired(), skip);
        training.update();
        boolean renormalised = spec.options().decoderNorm() == DecoderNorm.RENORMALISED;
        if (renormalised) {
            // its rows are used only at unit norm: so that weights, evaluation and the next step see them so
            usableAfterUpdate = stack.normaliseDecoder(training.diverged());
        }
        long done = training.stepsDone();
        if (resampler != null && done % spec.options().resampleEvery() == 0 && done < spec.steps()) {
            resample(done);
            if (renormalised) {
                // resampled rows too, before the state can be exported
                usableAfterUpdate = stack.normaliseDecoder(training.diverged());
            }
        }
    }

    private void resample(long step) {
        int[][] resampled = resampler.resample(stack, dead, training.diverged(), step);
        for (int i = 0; i < resampled.length; i++) {
            if (resampled[i].length > 0) {
                for (String parameter : spec.options().resampleTuning().resetAdam() ? latentParameters
                        : List.<String>of()) {
                    training.resetMoments(parameter, i, resampled[i]);
                }
                dead.revive(i, resampled[i]);
            }
        }
    }

    /** Steps since each latent of {@code instance} last fired in training (capped at 2^24). */
    public int[] stepsSinceFired(int instance) {
        return dead.stepsSinceFired(instance);
    }

    @Override
    public long stepsDone() {
        return training.stepsDone();
    }


    @Override
    public double[] lastLoss() {
        return training.lastLoss();
    }

    @Override
    public boolean[] diverged() {
        return training.diverged();
    }

    /**
     * Parameters (with the architecture's own: jumprelu's log_threshold, gated's r_mag and b_mag),
     * Adam moments, the steps since each latent fired [I, L] and, for batchtopk, the inference
     * thresholds [I, L].
     */
    @Override
    public StackState exportState() {
        StackState core = training.exportState();
        List<NamedArray> arrays = new ArrayList<>(core.arrays());
        if (stack.threshold() != null) {
            arrays.add(HostFloats.named(THRESHOLD, stack.threshold()));
        }
        arrays.add(dead.export());
        return new StackState(core.step(), core.instances(), arrays, core.diverged());
    }

    @Override
    public void restore(StackState state) {
        // the whole state must fit, its threshold and counts too (the core's check sees only its part)
        state.requireShapeOf(exportState());
        NamedArray threshold = stack.threshold() == null ? null : state.array(THRESHOLD);
        NamedArray counts = state.array(DeadLatents.STATE_NAME);
        Set<String> own = Set.of(THRESHOLD, DeadLatents.STATE_NAME);
        List<NamedArray> core = state.arrays().stream().filter(a -> !own.contains(a.name())).toList();
        training.restore(new StackState(state.step(), state.instances(), core, state.diverged()));
        if (threshold != null) {
            HostFloats.copyInto(threshold.data(), stack.threshold());
        }
        dead.restore(counts);
        // a state after a step holds the rows as that step renormalised them: the next step uses them as they are
        usableAfterUpdate = spec.options().decoderNorm() == DecoderNorm.RENORMALISED && state.step() > 0
                ? stack.decoderUsable(training.diverged()) : null;
    }

    /**
     * Instance {@code instance}'s W_enc [d_in, L], W_dec [L, d_out] (unit rows), b_enc [L], b_dec [d_out];
     * for batchtopk and jumprelu, threshold θ [L] (the running estimate, the learned exp(log θ));
     * for gated, whose W_enc and b_enc are W_gate and b_gate, also r_mag [L] and b_mag [L] (the
     * magnitude path is exp(r_mag)·W_gate with bias b_mag).
     */
    @Override
    public TrialWeights weights(int instance) {
        return stack.weights(instance).toTrialWeights();
    }

    /**
     * Instance {@code instance}'s codes z [n, L] and reconstructions x̂ [n, d_out] of {@code n} rows
     * (n × d_in, row-major) in inference mode: batchtopk fires by its threshold. For evaluation on
     * held-out rows; allocates.
     */
    public SaeCodes encode(int instance, float[] rows, int n) {
        return stack.encode(instance, rows, n);
    }

    @Override
    public long nativeBytes() {
        return stack.nativeBytes() + training.nativeBytes();
    }

    @Override
    public void close() {
        training.close();
        stack.close();
    }
}
