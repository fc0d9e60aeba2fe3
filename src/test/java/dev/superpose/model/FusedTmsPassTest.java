package dev.superpose.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Random;

import static dev.superpose.model.FiniteDifferences.fill;
import static dev.superpose.model.FiniteDifferences.randomImportance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-Java pass of tiny TMS stacks against the native one, and per-instance independence. */
class FusedTmsPassTest {
    private static final int INSTANCES = 3;
    private static final int FEATURES = 5;
    private static final int HIDDEN = 2;
    /** Two full 64-row blocks and a partial one. */
    private static final int BATCH = 150;

    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void fusedAndNativePathsAgreeWithinFloatRounding(TmsArchitecture architecture) {
        Random random = new Random(7 + architecture.ordinal());
        double[] importance = randomImportance(random, INSTANCES * FEATURES);
        try (TmsStack fused = new TmsStack(architecture, INSTANCES, FEATURES, HIDDEN, BATCH, DataType.FLOAT, TmsPath.BLOCKS);
             TmsStack nativeProducts = new TmsStack(architecture, INSTANCES, FEATURES, HIDDEN, BATCH, DataType.FLOAT,
                     TmsPath.NATIVE);
             INDArray x = input(random, INSTANCES)) {
            fill(fused.w(), random, 0.7, 0.0);
            fill(fused.bias(), random, 0.3, 0.0);
            nativeProducts.w().assign(fused.w());
            nativeProducts.bias().assign(fused.bias());
            double[] fusedLoss = new double[INSTANCES];
            double[] nativeLoss = new double[INSTANCES];
            fused.lossAndGradients(x, importance, fusedLoss);
            nativeProducts.lossAndGradients(x, importance, nativeLoss);

            assertArrayEquals(nativeLoss, fusedLoss, 1e-6 * Arrays.stream(nativeLoss).max().orElseThrow());
            assertWithinFloatRounding(nativeProducts.gradW(), fused.gradW());
            assertWithinFloatRounding(nativeProducts.gradBias(), fused.gradBias());
        }
    }

    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void anInstanceComputesBitForBitTheSameAloneAsInAStack(TmsArchitecture architecture) {
        Random random = new Random(11 + architecture.ordinal());
        double[] importance = randomImportance(random, INSTANCES * FEATURES);
        try (TmsStack stack = new TmsStack(architecture, INSTANCES, FEATURES, HIDDEN, BATCH, DataType.FLOAT, TmsPath.BLOCKS);
             TmsStack alone = new TmsStack(architecture, 1, FEATURES, HIDDEN, BATCH, DataType.FLOAT, TmsPath.BLOCKS);
             INDArray x = input(random, INSTANCES)) {
            fill(stack.w(), random, 0.7, 0.0);
            fill(stack.bias(), random, 0.3, 0.0);
            int last = INSTANCES - 1;
            alone.load(0, stack.weights(last));
            double[] stackLoss = new double[INSTANCES];
            double[] aloneLoss = new double[1];
            stack.lossAndGradients(x, importance, stackLoss);
            try (INDArray lastRows = x.get(NDArrayIndex.interval(last, INSTANCES), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup()) {
                alone.lossAndGradients(lastRows, Arrays.copyOfRange(importance, last * FEATURES,
                        INSTANCES * FEATURES), aloneLoss);
            }

            assertEquals(stackLoss[last], aloneLoss[0]);
            assertArrayEquals(stack.gradW().slice(last).dup().data().asFloat(), alone.gradW().dup().data().asFloat());
            assertArrayEquals(stack.gradBias().slice(last).dup().data().asFloat(),
                    alone.gradBias().dup().data().asFloat());
        }
    }

    /** Every element differs by at most 1e-5 of the largest magnitude: float rounding of sums of ~150 terms. */
    private static void assertWithinFloatRounding(INDArray expected, INDArray actual) {
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "gradients are all zero: the comparison would be vacuous");
        assertArrayEquals(e, a, 1e-5 * scale);
    }

    /** Non-negative inputs with some zeros, like the synthetic data. */
    private static INDArray input(Random random, int instances) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, instances, BATCH, FEATURES);
        for (long k = 0; k < x.length(); k++) {
            x.putScalar(k, random.nextDouble() < 0.3 ? 0.0 : random.nextDouble());
        }
        return x;
    }
}
