package dev.superpose.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static dev.superpose.model.FiniteDifferences.assertClose;
import static dev.superpose.model.FiniteDifferences.fill;
import static dev.superpose.model.FiniteDifferences.numericGradient;
import static dev.superpose.model.FiniteDifferences.randomImportance;

/**
 * Hand-written gradients against central finite differences of the loss, in double precision, for
 * every way a stack computes: native matmuls and the plain-Java passes {@link FusedTmsPass} and
 * {@link SparseRowTmsPass}.
 */
class TmsStackGradientTest {
    private static final int INSTANCES = 3;
    private static final int FEATURES = 5;
    private static final int HIDDEN = 2;
    private static final int BATCH = 7;

    private TmsStack stack;

    @AfterEach
    void close() {
        stack.close();
    }

    static Stream<Arguments> architecturesAndPaths() {
        return Arrays.stream(TmsArchitecture.values()).flatMap(a -> Arrays.stream(TmsPath.values())
                .map(path -> Arguments.of(a, path)));
    }

    @ParameterizedTest
    @MethodSource("architecturesAndPaths")
    void handGradientsMatchFiniteDifferences(TmsArchitecture architecture, TmsPath path) {
        stack = new TmsStack(architecture, INSTANCES, FEATURES, HIDDEN, BATCH, DataType.DOUBLE, path);
        for (int point = 0; point < 4; point++) {
            Random random = new Random(1000L * architecture.ordinal() + point);
            INDArray x = randomInput(random);
            double[] importance = randomImportance(random, INSTANCES * FEATURES);
            fill(stack.w(), random, 0.7, 0.0);
            fill(stack.bias(), random, 0.3, 0.0);

            stack.lossAndGradients(x, importance, new double[INSTANCES]);
            double[] handW = stack.gradW().dup().data().asDouble();
            double[] handB = stack.gradBias().dup().data().asDouble();

            assertClose(handW, numericGradient(stack, stack.w(), x, importance), "dW at point " + point);
            assertClose(handB, numericGradient(stack, stack.bias(), x, importance), "db at point " + point);
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
}
