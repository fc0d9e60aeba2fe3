package dev.superpose.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which pass a TMS stack computes with: by the instance's shape, whatever the stack's size. */
class TmsPathTest {
    @ParameterizedTest
    @EnumSource(TmsArchitecture.class)
    void thePathDependsOnTheInstanceShapeOnly(TmsArchitecture architecture) {
        try (TmsStack tiny = new TmsStack(architecture, 40, 5, 2, 8, DataType.FLOAT);
             TmsStack tinyAlone = new TmsStack(architecture, 1, 5, 2, 8, DataType.FLOAT);
             TmsStack wide = new TmsStack(architecture, 3, 1000, 2, 8, DataType.FLOAT);
             TmsStack wideAlone = new TmsStack(architecture, 1, 1000, 2, 8, DataType.FLOAT);
             TmsStack larger = new TmsStack(architecture, 1, 100, 20, 8, DataType.FLOAT)) {
            assertEquals(TmsPath.BLOCKS, tiny.path(), "5 x 2 instances train in row blocks in Java");
            assertEquals(TmsPath.BLOCKS, tinyAlone.path());
            assertEquals(TmsPath.ROWS, wide.path(), "1000 x 2 instances train row by row in Java");
            assertEquals(TmsPath.ROWS, wideAlone.path());
            assertEquals(TmsPath.NATIVE, larger.path(), "100 x 20 instances train with native matmuls");
        }
    }

    /**
     * W, b and their gradients on every path; the activations [B, F] + 2·[B, H] and dzᵀ·x [H, F]
     * only on the native one, whose matmuls write them.
     */
    @ParameterizedTest
    @EnumSource(TmsPath.class)
    void onlyTheNativePathHoldsActivations(TmsPath path) {
        int instances = 3;
        int features = 300;
        int hidden = 2;
        int batch = 50;
        try (TmsStack stack = new TmsStack(TmsArchitecture.RELU_OUTPUT, instances, features, hidden, batch,
                DataType.FLOAT, path)) {
            long parameters = 2L * instances * (hidden * features + features);
            long work = path == TmsPath.NATIVE
                    ? (long) instances * (batch * features + 2 * batch * hidden + hidden * features) : 0;
            assertEquals(Float.BYTES * (parameters + work), stack.nativeBytes());
            assertEquals(work / instances, path.nativeElements(features, hidden, batch));
        }
    }
}
