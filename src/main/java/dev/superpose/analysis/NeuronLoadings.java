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
 */
public final class NeuronLoadings {
    /** Fraction of W's largest entry above which a feature counts as loading a neuron. */
    public static final double LOADING_FRACTION = 0.1;

    private NeuronLoadings() {
    }

    /** How many features load each neuron, indexed by neuron; all 0 when W has no positive entry. */
    public static int[] featuresPerNeuron(TmsWeights w) {
        double threshold = LOADING_FRACTION * largestWeight(w);
        int[] counts = new int[w.hidden()];
        if (threshold <= 0) {
            return counts; // no positive weight: no neuron fires for any feature
        }
        for (int n = 0; n < w.hidden(); n++) {
            for (int i = 0; i < w.features(); i++) {
                if (w.w(n, i) > threshold) {
                    counts[n]++;
                }
            }
        }
        return counts;
    }

    /** Neurons loaded by two or more features. */
    public static int polysemanticNeurons(TmsWeights w) {
        int polysemantic = 0;
        for (int count : featuresPerNeuron(w)) {
            if (count >= 2) {
                polysemantic++;
            }
        }
        return polysemantic;
    }

    private static double largestWeight(TmsWeights w) {
        double max = 0;
        for (float v : w.w()) {
            max = Math.max(max, v);
        }
        return max;
    }
}
