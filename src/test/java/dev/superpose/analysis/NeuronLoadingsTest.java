package dev.superpose.analysis;

import dev.superpose.model.TmsWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NeuronLoadingsTest {
    /** W [hidden, features] from its rows, i.e. from each neuron's weights. */
    private static TmsWeights fromRows(float[]... rows) {
        int features = rows[0].length;
        float[] w = new float[rows.length * features];
        for (int n = 0; n < rows.length; n++) {
            System.arraycopy(rows[n], 0, w, n * features, features);
        }
        return new TmsWeights(rows.length, features, w, new float[features]);
    }

    @Test
    void identityBlockIsMonosemantic() {
        // 3 neurons, 5 features: neuron n carries feature n alone; features 3 and 4 are dropped.
        TmsWeights w = fromRows(new float[]{1, 0, 0, 0, 0}, new float[]{0, 1, 0, 0, 0}, new float[]{0, 0, 1, 0, 0});

        assertArrayEquals(new int[]{1, 1, 1}, NeuronLoadings.featuresPerNeuron(w));
        assertEquals(0, NeuronLoadings.polysemanticNeurons(w));
    }

    @Test
    void neuronWithTwoEqualLoadingsIsPolysemantic() {
        TmsWeights w = fromRows(new float[]{0.7f, 0.7f, 0}, new float[]{0, 0, 1});

        assertArrayEquals(new int[]{2, 1}, NeuronLoadings.featuresPerNeuron(w));
        assertEquals(1, NeuronLoadings.polysemanticNeurons(w));
    }

    @Test
    void negativeAndSmallWeightsDoNotLoadANeuron() {
        // Threshold 0.1 × 2 = 0.2: -2 only silences neuron 0, 0.19 is below it, 0.21 above it.
        TmsWeights w = fromRows(new float[]{2, -2, 0.19f}, new float[]{0.21f, 0, 0.3f});

        assertArrayEquals(new int[]{1, 2}, NeuronLoadings.featuresPerNeuron(w));
        assertEquals(1, NeuronLoadings.polysemanticNeurons(w));
    }

    @Test
    void weightsWithoutAPositiveEntryLoadNothing() {
        TmsWeights w = fromRows(new float[]{-1, -0.5f}, new float[]{0, 0});

        assertArrayEquals(new int[]{0, 0}, NeuronLoadings.featuresPerNeuron(w));
        assertEquals(0, NeuronLoadings.polysemanticNeurons(w));
    }
}
