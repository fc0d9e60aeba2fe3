package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;

/**
 * Which features each hidden neuron of a privileged-basis model (tms-neuron, h = ReLU(Wx))
 * responds to, read off its row W[n, ·].
 *
 * <p>Feature i <em>loads</em> neuron n when W[n, i] &gt; {@value #LOADING_FRACTION} × the largest
 * entry of W. Only positive weights count: behind the ReLU a negative weight can only silence
 * the neuron, never make it fire for the feature. The threshold is relative to the whole
 * matrix, not to the neuron's own largest weight, so that a neuron left with only tiny weights
 * is not counted polysemantic because of noise. A neuron loaded by two or more features is
 * <em>polysemantic</em>; by exactly one, monosemantic; by none, dead.
 *
 * <p>With signed inputs (tms-abs, x ∈ [−1, 1]) a negative weight makes the neuron fire for a
 * negative x just as a positive one does for a positive x, so loadings are then read off |W|.
 */
public final class NeuronLoadings {
    /** Fraction of W's largest entry above which a feature counts as loading a neuron. */
    public static final double LOADING_FRACTION = 0.1;

    private NeuronLoadings() {
    }

    /** How many features load each neuron, indexed by neuron; all 0 when W has no positive entry. */
    public static int[] featuresPerNeuron(TmsWeights w) {
        return featuresPerNeuron(w, false);
    }

    /**
     * How many features load each neuron, by W or, with {@code signedInputs}, by |W|; all 0 when
     * no entry counts.
     */
    public static int[] featuresPerNeuron(TmsWeights w, boolean signedInputs) {
        double threshold = LOADING_FRACTION * largestWeight(w, signedInputs);
        int[] counts = new int[w.hidden()];
        if (threshold <= 0) {
            return counts; // no positive weight: no neuron fires for any feature
        }
        for (int n = 0; n < w.hidden(); n++) {
            for (int i = 0; i < w.features(); i++) {
                if ((signedInputs ? Math.abs(w.w(n, i)) : w.w(n, i)) > threshold) {
                    counts[n]++;
                }
            }
        }
        return counts;
    }

    /** Neurons loaded by two or more features. */
    public static int polysemanticNeurons(TmsWeights w) {
        return neuronsLoadedBy(featuresPerNeuron(w), 2, Integer.MAX_VALUE);
    }

    /** Neurons loaded by between {@code min} and {@code max} features (inclusive), of per-neuron counts. */
    public static int neuronsLoadedBy(int[] featuresPerNeuron, int min, int max) {
        int neurons = 0;
        for (int count : featuresPerNeuron) {
            if (count >= min && count <= max) {
                neurons++;
            }
        }
        return neurons;
    }

    private static double largestWeight(TmsWeights w, boolean absolute) {
        double max = 0;
        for (float v : w.w()) {
            max = Math.max(max, absolute ? Math.abs(v) : v);
        }
        return max;
    }
}
