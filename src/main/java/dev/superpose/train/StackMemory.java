package dev.superpose.train;

import dev.superpose.config.BadInputException;
import dev.superpose.config.Experiment;
import dev.superpose.config.TrialConfig;
import dev.superpose.model.TmsAbsStack;
import dev.superpose.model.TmsStack;

import java.util.Locale;

/**
 * A lower bound of the native memory one stack holds while it trains, checked when a sweep is
 * planned: a stack that cannot fit fails every attempt with an OutOfMemoryError (or takes the
 * machine into swap), so it is refused before anything is written, naming the settings that size
 * it. Only arrays every step needs are counted (float32, 4 bytes an element): parameters with their
 * gradients and two Adam moments, one batch of inputs, and the outputs or activations the stack
 * holds for its pass. A stack refused by this estimate could not have trained; one that passes may
 * still need more (batches drawn ahead, the JVM).
 *
 * @param trainers stacks trained at once (each holds its own stack)
 * @param limit    the bytes the process may allocate for them
 * @param limitName how the user raises {@code limit}
 * @param heap     the bytes of Java heap (-Xmx), where a trained trial is evaluated
 */
public record StackMemory(int trainers, long limit, String limitName, long heap) {
    private static final long ELEMENT_BYTES = Float.BYTES;

    /** Parameters are held four times: values, gradients, Adam's first and second moments. */
    private static final int PARAMETER_COPIES = 4;

    /**
     * TMS (and tms-abs, tms-neuron): W (two of them for tms-abs) [H, F] and b [F] per instance, the
     * batch's input [B, F] (B the fixed training set's size where there is one), and the work
     * arrays the stack holds in native memory: the native path's activations, none for a TMS stack
     * whose shape trains in plain Java.
     */
    static long tmsBytes(TrialConfig config, int instances) {
        StackKey key = StackKey.of(config);
        int f = key.features();
        int h = key.hidden();
        int b = key.batchSize();
        boolean abs = key.experiment() == Experiment.TMS_ABS;
        long weights = (abs ? 2L : 1L) * h * f;
        long work = abs ? TmsAbsStack.workElements(f, h, b) : TmsStack.workElements(f, h, b);
        double elements = (double) instances * (PARAMETER_COPIES * (weights + f) + (double) b * f + work);
        return bytes(elements);
    }

    /** Evaluating a TMS trial builds its feature Gram matrix W^T W, [F, F] in float64, on the heap. */
    static long tmsEvaluationBytes(TrialConfig config) {
        long f = config.model().features();
        return bytes((double) f * f * 2); // an element counted here is 4 bytes: a float64 is two
    }

    /**
     * SAE (or transcoder): W_enc [d_in, L], W_dec [L, d_out], b_enc [L], b_dec [d_out] per instance,
     * and the batch's input, reconstruction and codes.
     */
    static long saeBytes(int instances, long inputs, long outputs, long latents, long batch) {
        double elements = (double) instances * (PARAMETER_COPIES * ((inputs + outputs) * latents + outputs + latents)
                + batch * (inputs + outputs + latents));
        return bytes(elements);
    }

    private static long bytes(double elements) {
        double bytes = elements * ELEMENT_BYTES;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /**
     * @param stackBytes what one stack of {@code instances} needs at least
     * @param settings   the settings that size the stack, as written, e.g. "model.features = 1000000"
     * @throws BadInputException if {@code min(trainers, stacks)} such stacks do not fit in {@link #limit}
     */
    void require(long stackBytes, int instances, int stacks, String settings) {
        int atOnce = Math.max(1, Math.min(trainers, stacks));
        double needed = (double) stackBytes * atOnce;
        if (needed > limit) {
            throw new BadInputException(settings + " and sweep.stack-size (" + instances + " trials in a stack"
                    + (atOnce > 1 ? ", " + atOnce + " stacks trained at once by --trainers" : "") + "): training needs at"
                    + " least " + gib(needed) + " of memory, but this process may use " + gib(limit) + " ("
                    + limitName + "); make one of those settings smaller, or give the process more memory");
        }
    }

    /** @throws BadInputException if one trial's evaluation ({@code bytes}) does not fit in the heap */
    void requireHeap(long bytes, String settings) {
        if (bytes > heap) {
            throw new BadInputException(settings + ": evaluating a trained trial needs at least " + gib(bytes)
                    + " of Java heap (its features x features Gram matrix), but the heap is " + gib(heap)
                    + " (-Xmx); make the model smaller, or give the JVM more heap");
        }
    }

    private static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
    }
}
