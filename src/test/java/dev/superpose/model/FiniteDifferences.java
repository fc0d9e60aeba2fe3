package dev.superpose.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradient checks of the stacks: central finite differences of the loss in double precision, and random fills. */
public final class FiniteDifferences {
    private static final double STEP = 1e-6;

    private FiniteDifferences() {
    }

    /**
     * d(Σ_i loss_i)/dθ for every element θ of {@code parameter}, by central differences; instances
     * are independent, so this is dloss_i/dθ_i. Overwrites the stack's gradients.
     */
    static double[] numericGradient(AbstractTmsStack stack, INDArray parameter, INDArray x, double[] importance) {
        double[] gradient = new double[(int) parameter.length()];
        for (int k = 0; k < gradient.length; k++) {
            double original = parameter.getDouble(k);
            parameter.putScalar(k, original + STEP);
            double up = totalLoss(stack, x, importance);
            parameter.putScalar(k, original - STEP);
            double down = totalLoss(stack, x, importance);
            parameter.putScalar(k, original);
            gradient[k] = (up - down) / (2 * STEP);
        }
        return gradient;
    }

    private static double totalLoss(AbstractTmsStack stack, INDArray x, double[] importance) {
        double[] loss = new double[stack.instances()];
        stack.lossAndGradients(x, importance, loss);
        double sum = 0;
        for (double l : loss) {
            sum += l;
        }
        return sum;
    }

    /** Relative L2 error below 1e-5, and not vacuously: the gradients are not both zero. */
    static void assertClose(double[] hand, double[] numeric, String what) {
        assertClose(hand, numeric, 1e-5, what);
    }

    /** Relative L2 error below {@code tolerance}, and not vacuously: the gradients are not both zero. */
    public static void assertClose(double[] hand, double[] numeric, double tolerance, String what) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < hand.length; k++) {
            diff += (hand[k] - numeric[k]) * (hand[k] - numeric[k]);
            norm += hand[k] * hand[k] + numeric[k] * numeric[k];
        }
        assertTrue(norm > 0, what + " is identically zero: the check would be vacuous");
        double relative = Math.sqrt(diff / norm);
        assertEquals(0.0, relative, tolerance, what + ": relative error " + relative);
    }

    /** Every element shift + scale·N(0, 1). */
    static void fill(INDArray target, Random random, double scale, double shift) {
        for (long k = 0; k < target.length(); k++) {
            target.putScalar(k, shift + scale * random.nextGaussian());
        }
    }

    /** {@code length} importances in [0.2, 1.2). */
    static double[] randomImportance(Random random, int length) {
        double[] importance = new double[length];
        for (int k = 0; k < importance.length; k++) {
            importance[k] = 0.2 + random.nextDouble();
        }
        return importance;
    }
}
