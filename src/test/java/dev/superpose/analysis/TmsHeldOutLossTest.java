package dev.superpose.analysis;

import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import dev.superpose.model.TmsWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The host-side loss equals the training loss TmsStack computes on the same inputs. */
class TmsHeldOutLossTest {
    private static final int FEATURES = 6;
    private static final int HIDDEN = 3;
    private static final int SAMPLES = 40;

    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void equalsTheTrainingLossOnTheSameBatch(TmsArchitecture architecture) {
        Random random = new Random(architecture.ordinal());
        float[] w = new float[HIDDEN * FEATURES];
        float[] bias = new float[FEATURES];
        float[] x = new float[SAMPLES * FEATURES];
        double[] importance = new double[FEATURES];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) random.nextGaussian();
        }
        for (int i = 0; i < FEATURES; i++) {
            bias[i] = (float) (0.3 * random.nextGaussian());
            importance[i] = Math.pow(0.8, i);
        }
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble() < 0.4 ? (float) random.nextDouble() : 0f;
        }
        TmsWeights weights = new TmsWeights(HIDDEN, FEATURES, w, bias);
        double[] trainingLoss = new double[1];
        try (TmsStack stack = new TmsStack(architecture, 1, FEATURES, HIDDEN, SAMPLES, DataType.DOUBLE)) {
            stack.load(0, weights);
            INDArray batch = Nd4j.create(x, new long[]{1, SAMPLES, FEATURES}).castTo(DataType.DOUBLE);
            stack.lossAndGradients(batch, importance, trainingLoss);
        }
        assertEquals(trainingLoss[0], TmsHeldOutLoss.of(weights, architecture, importance, x),
                1e-9 * trainingLoss[0]);
    }
}
