package dev.superpose.train;

import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two steps by hand, lr 0.1, gradients 0.5 then −1, starting from 1:
 * step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, Δ = 0.1·0.5/(0.5 + 1e-8) → 0.900000002;
 * step 2: m = −0.055, v = 0.00124975, m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999,
 * Δ = 0.1·0.289474/0.790688 = 0.0366104 → 0.9366103542.
 * AdamW (wd 0.5) first shrinks W by (1 − 0.1·0.5): 0.95 − 0.1 = 0.85, then 0.85·0.95 + 0.0366104.
 */
class StackAdamTest {
    private static StackAdam adamOf(TmsStack stack) {
        return new StackAdam(List.of(new StackAdam.Parameter("W", stack.w(), stack.gradW(), true),
                new StackAdam.Parameter("b_final", stack.bias(), stack.gradBias(), false)));
    }

    private static double[] twoSteps(double weightDecay) {
        return twoSteps(weightDecay, DataType.DOUBLE);
    }

    private static double[] twoSteps(double weightDecay, DataType dataType) {
        try (TmsStack stack = new TmsStack(TmsArchitecture.LINEAR, 1, 1, 1, 1, dataType);
             StackAdam adam = adamOf(stack)) {
            stack.w().assign(1.0);
            stack.bias().assign(1.0);
            double[] gradients = {0.5, -1.0};
            for (int t = 1; t <= 2; t++) {
                stack.gradW().assign(gradients[t - 1]);
                stack.gradBias().assign(gradients[t - 1]);
                adam.update(t, new double[]{0.1}, new double[]{weightDecay}, new boolean[1]);
            }
            return new double[]{stack.w().getDouble(0), stack.bias().getDouble(0)};
        }
    }

    @Test
    void aFrozenInstanceKeepsItsParametersAndMoments() {
        try (TmsStack stack = new TmsStack(TmsArchitecture.LINEAR, 2, 1, 1, 1, DataType.DOUBLE);
             StackAdam adam = adamOf(stack)) {
            stack.w().assign(1.0);
            stack.bias().assign(1.0);
            stack.gradW().assign(0.5);
            stack.gradBias().assign(0.5);
            adam.update(1, new double[]{0.1, 0.1}, new double[]{0.5, 0.5}, new boolean[]{false, true});
            // instance 0 takes step 1 of the hand computation above, W decayed by 0.95; instance 1 nothing
            double adamStep = 0.1 * 0.5 / (0.5 + 1e-8);
            assertEquals(0.95 - adamStep, stack.w().getDouble(0), 1e-15);
            assertEquals(1.0 - adamStep, stack.bias().getDouble(0), 1e-15);
            assertEquals(1.0, stack.w().getDouble(1));
            assertEquals(1.0, stack.bias().getDouble(1));
            // untouched moments: instance 1's first update is exactly instance 0's
            adam.update(1, new double[]{0.1, 0.1}, new double[]{0.5, 0.5}, new boolean[]{true, false});
            assertEquals(0.95 - adamStep, stack.w().getDouble(1), 1e-15);
            assertEquals(1.0 - adamStep, stack.bias().getDouble(1), 1e-15);
        }
    }

    @Test
    void adamMatchesTheHandComputedSteps() {
        double[] result = twoSteps(0.0);
        assertEquals(0.9366103542405654, result[0], 1e-12);
        assertEquals(0.9366103542405654, result[1], 1e-12);
    }

    @Test
    void floatParametersTakeTheSameStepsInFloatArithmetic() {
        double[] adam = twoSteps(0.0, DataType.FLOAT);
        double[] adamW = twoSteps(0.5, DataType.FLOAT);
        assertEquals(0.9366103542405654, adam[0], 1e-6);
        assertEquals(0.9366103542405654, adam[1], 1e-6);
        assertEquals(0.8441103541405653, adamW[0], 1e-6);
        assertEquals(0.9366103542405654, adamW[1], 1e-6);
    }

    @Test
    void adamWDecaysWeightsButNotBiases() {
        double[] result = twoSteps(0.5);
        assertEquals(0.8441103541405653, result[0], 1e-12);
        assertEquals(0.9366103542405654, result[1], 1e-12);
    }
}
