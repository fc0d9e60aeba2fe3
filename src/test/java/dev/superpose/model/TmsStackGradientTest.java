package dev.superpose.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written gradients against central finite differences of the loss, in double precision. */
class TmsStackGradientTest {
    private static final int INSTANCES = 3;
    private static final int FEATURES = 5;
    private static final int HIDDEN = 2;
    private static final int BATCH = 7;
    private static final double STEP = 1e-6;

    private TmsStack stack;

    @AfterEach
    void close() {
        stack.close();
    }

    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void handGradientsMatchFiniteDifferences(TmsArchitecture architecture) {
        stack = new TmsStack(architecture, INSTANCES, FEATURES, HIDDEN, BATCH, DataType.DOUBLE);
        for (int point = 0; point < 4; point++) {
            Random random = new Random(1000L * architecture.ordinal() + point);
            INDArray x = randomInput(random);
            double[] importance = new double[INSTANCES * FEATURES];
            for (int k = 0; k < importance.length; k++) {
                importance[k] = 0.2 + random.nextDouble();
            }
            fill(stack.w(), random, 0.7, 0.0);
            fill(stack.bias(), random, 0.3, 0.0);

            stack.lossAndGradients(x, importance, new double[INSTANCES]);
            double[] handW = stack.gradW().dup().data().asDouble();
            double[] handB = stack.gradBias().dup().data().asDouble();

            assertClose(handW, numericGradient(stack.w(), x, importance), "dW at point " + point);
            assertClose(handB, numericGradient(stack.bias(), x, importance), "db at point " + point);
        }
    }

    /** Non-negative inputs with some zeros, like the synthetic data. */
    private static INDArray randomInput(Random random) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, INSTANCES, BATCH, FEATURES);
        for (long k = 0; k < x.length(); k++) {
            x.putScalar(k, random.nextDouble() < 0.3 ? 0.0 : random.nextDouble());
        }
        return x;
    }

    private static void fill(INDArray target, Random random, double scale, double shift) {
        for (long k = 0; k < target.length(); k++) {
            target.putScalar(k, shift + scale * random.nextGaussian());
        }
    }

    /** d(Σ_i loss_i)/dθ by central differences; instances are independent, so this is dloss_i/dθ_i. */
    private double[] numericGradient(INDArray parameter, INDArray x, double[] importance) {
        double[] gradient = new double[(int) parameter.length()];
        for (int k = 0; k < gradient.length; k++) {
            double original = parameter.getDouble(k);
            parameter.putScalar(k, original + STEP);
            double up = totalLoss(x, importance);
            parameter.putScalar(k, original - STEP);
            double down = totalLoss(x, importance);
            parameter.putScalar(k, original);
            gradient[k] = (up - down) / (2 * STEP);
        }
        return gradient;
    }

    private double totalLoss(INDArray x, double[] importance) {
        double[] loss = new double[INSTANCES];
        stack.lossAndGradients(x, importance, loss);
        double sum = 0;
        for (double l : loss) {
            sum += l;
        }
        return sum;
    }

    private static void assertClose(double[] hand, double[] numeric, String what) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < hand.length; k++) {
            diff += (hand[k] - numeric[k]) * (hand[k] - numeric[k]);
            norm += hand[k] * hand[k] + numeric[k] * numeric[k];
        }
        assertTrue(norm > 0, what + " is identically zero: the check would be vacuous");
        double relative = Math.sqrt(diff / norm);
        assertEquals(0.0, relative, 1e-5, what + ": relative error " + relative);
    }
}
