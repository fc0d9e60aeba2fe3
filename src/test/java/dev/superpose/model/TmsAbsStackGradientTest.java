package dev.superpose.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static dev.superpose.model.FiniteDifferences.assertClose;
import static dev.superpose.model.FiniteDifferences.fill;
import static dev.superpose.model.FiniteDifferences.numericGradient;
import static dev.superpose.model.FiniteDifferences.randomImportance;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tms-abs stack in double precision: its loss against a plain per-instance reference, and
 * its hand-written gradients against central finite differences of that loss.
 */
class TmsAbsStackGradientTest {
    private static final int INSTANCES = 3;
    private static final int FEATURES = 5;
    private static final int HIDDEN = 4;
    private static final int BATCH = 7;

    private TmsAbsStack stack;

    @AfterEach
    void close() {
        stack.close();
    }

    @Test
    void handGradientsMatchFiniteDifferences() {
        stack = new TmsAbsStack(INSTANCES, FEATURES, HIDDEN, BATCH, DataType.DOUBLE);
        for (int point = 0; point < 4; point++) {
            Random random = new Random(2000L + point);
            INDArray x = randomInput(random);
            double[] importance = randomImportance(random, INSTANCES * FEATURES);
            randomParameters(random);

            stack.lossAndGradients(x, importance, new double[INSTANCES]);
            double[] handW1 = stack.gradW1().dup().data().asDouble();
            double[] handW2 = stack.gradW2().dup().data().asDouble();
            double[] handB = stack.gradBias().dup().data().asDouble();

            assertClose(handW1, numericGradient(stack, stack.w1(), x, importance), "dW1 at point " + point);
            assertClose(handW2, numericGradient(stack, stack.w2(), x, importance), "dW2 at point " + point);
            assertClose(handB, numericGradient(stack, stack.bias(), x, importance), "db at point " + point);
        }
    }

    @Test
    void lossIsTheImportanceWeightedErrorAgainstTheAbsoluteValue() {
        stack = new TmsAbsStack(INSTANCES, FEATURES, HIDDEN, BATCH, DataType.DOUBLE);
        Random random = new Random(77);
        INDArray x = randomInput(random);
        double[] importance = randomImportance(random, INSTANCES * FEATURES);
        randomParameters(random);
        double[] loss = new double[INSTANCES];
        stack.lossAndGradients(x, importance, loss);
        for (int i = 0; i < INSTANCES; i++) {
            assertEquals(referenceLoss(i, x, importance), loss[i], 1e-12, "loss of instance " + i);
        }
    }

    /** Σ_b Σ_f imp_f·(ReLU(W2·ReLU(W1·x_b) + b)_f − |x_bf|)² / (B·F), written out element by element. */
    private double referenceLoss(int i, INDArray x, double[] importance) {
        double sum = 0;
        for (int s = 0; s < BATCH; s++) {
            double[] h = new double[HIDDEN];
            for (int k = 0; k < HIDDEN; k++) {
                double z = 0;
                for (int f = 0; f < FEATURES; f++) {
                    z += stack.w1().getDouble(i, k, f) * x.getDouble(i, s, f);
                }
                h[k] = Math.max(0, z);
            }
            for (int f = 0; f < FEATURES; f++) {
                double pre = stack.bias().getDouble(i, f);
                for (int k = 0; k < HIDDEN; k++) {
                    pre += stack.w2().getDouble(i, f, k) * h[k];
                }
                double err = Math.max(0, pre) - Math.abs(x.getDouble(i, s, f));
                sum += importance[i * FEATURES + f] * err * err;
            }
        }
        return sum / (BATCH * FEATURES);
    }

    /** Signed inputs in [−1, 1] with some zeros, like the tms-abs data. */
    private static INDArray randomInput(Random random) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, INSTANCES, BATCH, FEATURES);
        for (long k = 0; k < x.length(); k++) {
            x.putScalar(k, random.nextDouble() < 0.3 ? 0.0 : 2 * random.nextDouble() - 1);
        }
        return x;
    }

    /** Weights and a positive-leaning bias, so both ReLUs have live and dead units. */
    private void randomParameters(Random random) {
        fill(stack.w1(), random, 0.7, 0.0);
        fill(stack.w2(), random, 0.7, 0.0);
        fill(stack.bias(), random, 0.3, 0.1);
    }
}
