package dev.superpose.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.superpose.model.FiniteDifferences.fill;
import static dev.superpose.model.FiniteDifferences.randomImportance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row pass with sparse inputs ({@link SparseRowTmsPass}) against the native matmuls, and per-instance independence. */
class SparseRowTmsPassTest {
    private static final int INSTANCES = 3;

    /**
     * Shapes (F, H, B): one chunk and one partial block of rows; several chunks (the last partial)
     * with an odd number of units and several row blocks; a single unit; the double-descent
     * instance, 1000 → 2 with 1 % nonzero inputs.
     */
    static Stream<Arguments> shapesAndArchitectures() {
        int[][] shapes = {{40, 3, 50}, {300, 3, 150}, {700, 1, 70}, {1000, 2, 130}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (TmsArchitecture architecture : TmsArchitecture.values()) {
                cases.add(Arguments.of(architecture, shape[0], shape[1], shape[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} F={1} H={2} B={3}")
    @MethodSource("shapesAndArchitectures")
    void rowAndNativePathsAgreeWithinFloatRounding(TmsArchitecture architecture, int features, int hidden,
                                                   int batch) {
        Random random = new Random(3L * features + hidden + architecture.ordinal());
        double[] importance = randomImportance(random, INSTANCES * features);
        try (TmsStack rows = new TmsStack(architecture, INSTANCES, features, hidden, batch, DataType.FLOAT,
                TmsPath.ROWS);
             TmsStack nativeProducts = new TmsStack(architecture, INSTANCES, features, hidden, batch,
                     DataType.FLOAT, TmsPath.NATIVE);
             INDArray x = sparseInput(random, features, batch, Math.min(0.3, 10.0 / features))) {
            fill(rows.w(), random, Math.sqrt(2.0 / features), 0.0);
            fill(rows.bias(), random, 0.3, 0.0);
            nativeProducts.w().assign(rows.w());
            nativeProducts.bias().assign(rows.bias());
            double[] rowLoss = new double[INSTANCES];
            double[] nativeLoss = new double[INSTANCES];
            rows.lossAndGradients(x, importance, rowLoss);
            nativeProducts.lossAndGradients(x, importance, nativeLoss);

            assertArrayEquals(nativeLoss, rowLoss, 1e-6 * Arrays.stream(nativeLoss).max().orElseThrow());
            assertWithinFloatRounding(nativeProducts.gradW(), rows.gradW());
            assertWithinFloatRounding(nativeProducts.gradBias(), rows.gradBias());
        }
    }

    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void anInstanceComputesBitForBitTheSameAloneAsInAStack(TmsArchitecture architecture) {
        int features = 300;
        int hidden = 3;
        int batch = 150;
        Random random = new Random(17 + architecture.ordinal());
        double[] importance = randomImportance(random, INSTANCES * features);
        try (TmsStack stack = new TmsStack(architecture, INSTANCES, features, hidden, batch, DataType.FLOAT,
                TmsPath.ROWS);
             TmsStack alone = new TmsStack(architecture, 1, features, hidden, batch, DataType.FLOAT, TmsPath.ROWS);
             INDArray x = sparseInput(random, features, batch, 0.05)) {
            fill(stack.w(), random, 0.1, 0.0);
            fill(stack.bias(), random, 0.3, 0.0);
            int last = INSTANCES - 1;
            alone.load(0, stack.weights(last));
            double[] stackLoss = new double[INSTANCES];
            double[] aloneLoss = new double[1];
            stack.lossAndGradients(x, importance, stackLoss);
            try (INDArray lastRows = x.get(NDArrayIndex.interval(last, INSTANCES), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup()) {
                alone.lossAndGradients(lastRows, Arrays.copyOfRange(importance, last * features,
                        INSTANCES * features), aloneLoss);
            }

            assertEquals(stackLoss[last], aloneLoss[0]);
            assertArrayEquals(stack.gradW().slice(last).dup().data().asFloat(), alone.gradW().dup().data().asFloat());
            assertArrayEquals(stack.gradBias().slice(last).dup().data().asFloat(),
                    alone.gradBias().dup().data().asFloat());
        }
    }

    @Test
    void aNanInputMakesItsInstancesLossNanAndNoOther() {
        int features = 300;
        int hidden = 2;
        int batch = 20;
        Random random = new Random(5);
        try (TmsStack stack = new TmsStack(TmsArchitecture.RELU_OUTPUT, INSTANCES, features, hidden, batch,
                DataType.FLOAT, TmsPath.ROWS);
             INDArray x = sparseInput(random, features, batch, 0.05)) {
            fill(stack.w(), random, 0.1, 0.0);
            x.putScalar(new long[]{1, 7, 123}, Float.NaN);
            double[] importance = new double[INSTANCES * features];
            Arrays.fill(importance, 1.0);
            double[] loss = new double[INSTANCES];
            stack.lossAndGradients(x, importance, loss);
            assertEquals(Double.NaN, loss[1]);
            assertTrue(Double.isFinite(loss[0]) && Double.isFinite(loss[2]), "the other losses " + Arrays.toString(loss));
        }
    }

    /** Every element differs by at most 1e-5 of the largest magnitude: float rounding of sums of ~1000 terms. */
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

    /**
     * Signed inputs (both ReLUs see both signs), each nonzero with probability {@code density};
     * every instance's first row is all zero and its second all nonzero.
     */
    private static INDArray sparseInput(Random random, int features, int batch, double density) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, INSTANCES, batch, features);
        for (int i = 0; i < INSTANCES; i++) {
            for (int r = 1; r < batch; r++) {
                for (int f = 0; f < features; f++) {
                    if (r == 1 || random.nextDouble() < density) {
                        x.putScalar(new long[]{i, r, f}, random.nextGaussian());
                    }
                }
            }
        }
        return x;
    }
}
