package dev.superpose.train;

import dev.superpose.data.source.Activations;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.SaeCodes;
import dev.superpose.model.sae.SaeStack;
import dev.superpose.model.sae.SaeWeights;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains a stack of SAEs on one pool of training rows, one optimisation step of every instance per
 * {@link #step()}. Every instance sees the same batch (the data belongs to the stack, see {@link
 * PoolBatches}); its seed sets only its initialisation. A step is a function of (parameters,
 * Adam moments, threshold estimates, step index, data seed), so an instance's trajectory is the
 * same alone or in any stack. Schedule, Adam(W) with decay on W_enc and W_dec, divergence and
 * state: {@link StackTraining}; the state adds batchtopk's thresholds.
 *
 * <p>Decoder rows are renormalised at the start of each step, which is the same as after each
 * update: nothing reads them in between, and {@link #weights} exports them normalised. An
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
    private final double[] l1;
    private final double[] x;
    private final boolean[] skip;

    /** A trainer with {@link ComputeThreads#sae()} threads for the per-instance passes. */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool) {
        this(spec, instances, pool, ComputeThreads.sae());
    }

    /**
     * @param pool    the training rows (n × d); each epoch visits them in a shuffled order
     * @param threads threads for the per-instance passes; results do not depend on it
     */
    public SaeStackTrainer(SaeStackSpec spec, List<SaeInstanceSpec> instances, Activations pool, int threads) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one trial");
        }
        if (pool.dim() != spec.inputs()) {
            throw new IllegalArgumentException("the SAE stack reads " + spec.inputs() + "-dimensional rows, the pool"
                    + " holds " + pool.dim() + "-dimensional ones");
        }
        ComputeThreads.useSingleThreadedKernels();
        int n = instances.size();
        this.spec = spec;
        this.batches = new PoolBatches(pool, spec.batchSize(), spec.dataSeed());
        this.stack = new SaeStack(spec.activation(), spec.options().decoderNorm(), n, spec.inputs(), spec.latents(),
                spec.batchSize(), DataType.FLOAT, threads);
        this.training = new StackTraining(spec.sharedTraining(),
                instances.stream().mapToDouble(SaeInstanceSpec::lr).toArray(),
                instances.stream().mapToDouble(SaeInstanceSpec::weightDecay).toArray(), List.of(
                new StackAdam.Parameter(ENCODER_ROWS, stack.encoder(), stack.gradEncoder(), true),
                new StackAdam.Parameter(DECODER_ROWS, stack.decoder(), stack.gradDecoder(), true),
                new StackAdam.Parameter(ENCODER_BIAS, stack.encoderBias(), stack.gradEncoderBias(), false),
                new StackAdam.Parameter(DECODER_BIAS, stack.decoderBias(), stack.gradDecoderBias(), false)));
        this.l1 = instances.stream().mapToDouble(SaeInstanceSpec::l1).toArray();
        this.x = new double[spec.batchSize() * spec.inputs()];
        this.skip = new boolean[n];
        double[] decoderBias = initialDecoderBias(pool);
        for (int i = 0; i < n; i++) {
            stack.load(i, SaeWeights.initial(instances.get(i).seed(), spec.inputs(), spec.latents(),
                    spec.options().tiedEncoderInit(), decoderBias));
        }
    }

    private double[] initialDecoderBias(Activations pool) {
        int count = Math.min(pool.rows(), DECODER_BIAS_SAMPLE);
        Activations sample = pool.select(batches.firstRows(0, count));
        return spec.options().decoderBiasInit().from(sample.values(), sample.rows(), sample.dim());
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
        boolean[] usable = stack.normaliseDecoder(frozen);
        for (int i = 0; i < skip.length; i++) {
            skip[i] = frozen[i] || !usable[i];
        }
        batches.fill(training.stepsDone(), x);
        // Skipped instances report NaN, which freezes them in the update.
        stack.lossAndGradients(x, l1, skip, training.loss());
        training.update();
    }

    @Override
    public long stepsDone() {
        return training.stepsDone();
    }

    @Override
    public TrainingProgress progress() {
        return training.progress();
    }

    @Override
    public double[] lastLoss() {
        return training.lastLoss();
    }

    @Override
    public boolean[] diverged() {
        return training.diverged();
    }

    /** Parameters, Adam moments and, for rules that keep one, the inference thresholds [I, L]. */
    @Override
    public StackState exportState() {
        StackState core = training.exportState();
        if (stack.threshold() == null) {
            return core;
        }
        List<NamedArray> arrays = new ArrayList<>(core.arrays());
        arrays.add(HostFloats.named(THRESHOLD, stack.threshold()));
        return new StackState(core.step(), core.instances(), arrays, core.diverged());
    }

    @Override
    public void restore(StackState state) {
        if (stack.threshold() == null) {
            training.restore(state);
            return;
        }
        NamedArray threshold = state.array(THRESHOLD);
        List<NamedArray> core = state.arrays().stream().filter(a -> !a.name().equals(THRESHOLD)).toList();
        training.restore(new StackState(state.step(), state.instances(), core, state.diverged()));
        HostFloats.copyInto(threshold.data(), stack.threshold());
    }

    /**
     * Instance {@code instance}'s W_enc [d, L], W_dec [L, d] (unit rows), b_enc [L], b_dec [d]
     * and, for batchtopk, threshold [L].
     */
    @Override
    public TrialWeights weights(int instance) {
        return stack.weights(instance).toTrialWeights();
    }

    /**
     * Instance {@code instance}'s codes z [n, L] and reconstructions x̂ [n, d] of {@code n} rows
     * (n × d, row-major) in inference mode: batchtopk fires by its threshold. For evaluation on
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
