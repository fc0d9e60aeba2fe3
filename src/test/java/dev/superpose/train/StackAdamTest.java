package dev.superpose.train;

import dev.superpose.model.NamedArray;
import dev.superpose.model.TmsArchitecture;
import dev.superpose.model.TmsStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * Seven instances of different gradients, learning rates and decays, one frozen, three
     * updates, on one thread and on three: every parameter and moment bit for bit the same.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void theUpdateDoesNotDependOnTheThreadCount(DataType dataType) {
        double[][] oneThread = threeUpdates(dataType, 1);
        double[][] threeThreads = threeUpdates(dataType, 3);
        for (int a = 0; a < oneThread.length; a++) {
            assertArrayEquals(oneThread[a], threeThreads[a], "array " + a);
        }
        // the frozen instance kept its start
        assertEquals(0.25, oneThread[0][2 * 15]);
    }

    /** Parameters and (FLOAT only) moments after three updates on {@code threads} threads. */
    private static double[][] threeUpdates(DataType dataType, int threads) {
        int instances = 7;
        try (TmsStack stack = new TmsStack(TmsArchitecture.LINEAR, instances, 5, 3, 1, dataType);
             StackAdam adam = new StackAdam(List.of(new StackAdam.Parameter("W", stack.w(), stack.gradW(), true),
                     new StackAdam.Parameter("b_final", stack.bias(), stack.gradBias(), false)), threads)) {
            stack.w().assign(0.25);
            stack.bias().assign(-0.5);
            double[] lr = new double[instances];
            double[] decay = new double[instances];
            boolean[] frozen = new boolean[instances];
            for (int i = 0; i < instances; i++) {
                lr[i] = 1e-3 * (i + 1);
                decay[i] = 0.01 * i;
            }
            frozen[2] = true;
            for (int t = 1; t <= 3; t++) {
                for (int k = 0; k < stack.gradW().length(); k++) {
                    stack.gradW().putScalar(k, Math.sin(0.37 * k + t));
                }
                for (int k = 0; k < stack.bias().length(); k++) {
                    stack.gradBias().putScalar(k, Math.cos(1.1 * k - t));
                }
                adam.update(t, lr, decay, frozen);
            }
            List<double[]> arrays = new ArrayList<>();
            arrays.add(stack.w().data().asDouble());
            arrays.add(stack.bias().data().asDouble());
            // checkpoints hold FLOAT stacks' moments only; a DOUBLE stack's parameters carry them
            for (NamedArray moment : dataType == DataType.FLOAT ? adam.exportMoments() : List.<NamedArray>of()) {
                double[] values = new double[moment.data().length];
                for (int k = 0; k < values.length; k++) {
                    values[k] = moment.data()[k];
                }
                arrays.add(values);
            }
            return arrays.toArray(new double[0][]);
        }
    }

    @Test
    void adamWDecaysWeightsButNotBiases() {
        double[] result = twoSteps(0.5);
        assertEquals(0.8441103541405653, result[0], 1e-12);
        assertEquals(0.9366103542405654, result[1], 1e-12);
    }
}
