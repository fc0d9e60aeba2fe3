package dev.superpose.model.sae;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Random;

import static dev.superpose.model.sae.SaeStackGradientTest.fill;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unit-norm decoder handling, inference encoding, parameter round trips and non-finite instances. */
class SaeStackTest {
    private static final int I = SaeStackGradientTest.INSTANCES;
    private static final int D = SaeStackGradientTest.INPUTS;
    private static final int L = SaeStackGradientTest.LATENTS;
    private static final int B = SaeStackGradientTest.BATCH;

    @Test
    void decoderRowsReturnToUnitNormAndTheirGradientIsTangent() {
        try (SaeStack stack = new SaeStack(new Relu(), DecoderNorm.PROJECTED, I, D, L, B, DataType.DOUBLE, 1)) {
            Random random = new Random(11);
            fill(stack.decoder(), random, 3.0);
            assertTrue(all(stack.normaliseDecoder(new boolean[I])));
            for (int i = 0; i < I; i++) {
                for (int l = 0; l < L; l++) {
                    assertEquals(1.0, stack.decoder().slice(i).getRow(l).norm2Number().doubleValue(), 1e-12);
                }
            }
            fill(stack.encoder(), random, 1.0);
            fill(stack.decoderBias(), random, 0.2);
            stack.lossAndGradients(input(random), new double[]{0.01, 0.01, 0.01}, new boolean[I], new double[I]);
            double largest = 0;
            for (int i = 0; i < I; i++) {
                for (int l = 0; l < L; l++) {
                    double along = stack.gradDecoder().slice(i).getRow(l).mul(stack.decoder().slice(i).getRow(l))
                            .sumNumber().doubleValue();
                    assertEquals(0.0, along, 1e-14, "gradient of decoder row " + l + " of instance " + i);
                    largest = Math.max(largest, stack.gradDecoder().slice(i).getRow(l).norm2Number().doubleValue());
                }
            }
            assertTrue(largest > 0, "no decoder row had a gradient: the check would be vacuous");
        }
    }

    @Test
    void aZeroOrNonFiniteDecoderRowMarksItsInstanceUnusable() {
        try (SaeStack stack = new SaeStack(new Relu(), DecoderNorm.PROJECTED, I, D, L, B, DataType.FLOAT, 1)) {
            fill(stack.decoder(), new Random(2), 1.0);
            stack.decoder().slice(1).getRow(3).assign(0);
            stack.decoder().putScalar(new long[]{2, 0, 1}, Float.POSITIVE_INFINITY);
            assertArrayEquals(new boolean[]{true, false, false}, stack.normaliseDecoder(new boolean[I]));
            assertArrayEquals(new boolean[]{true, true, true}, stack.normaliseDecoder(new boolean[]{false, true, true}),
                    "frozen instances are left alone");
        }
    }

    @Test
    void weightsRoundTripThroughLoad() {
        try (SaeStack stack = new SaeStack(BatchTopK.of(2), DecoderNorm.PROJECTED, I, D, L, B, DataType.FLOAT, 1)) {
            SaeWeights w = SaeWeights.initial(5, D, L, false, new double[]{0.1, 0.2, 0.3, 0.4});
            float[] threshold = {1, 2, 3, 4, 5, 6};
            SaeWeights withThreshold = new SaeWeights(D, L, w.encoderRows(), w.decoderRows(), w.encoderBias(),
                    w.decoderBias(), threshold);
            stack.load(1, withThreshold);
            SaeWeights back = stack.weights(1);
            assertArrayEquals(w.encoderRows(), back.encoderRows());
            assertArrayEquals(w.decoderRows(), back.decoderRows());
            assertArrayEquals(w.decoderBias(), back.decoderBias());
            assertArrayEquals(threshold, back.threshold());
            assertNotEquals(w.encoderRows()[0], w.decoderRows()[0], "untied encoder rows are drawn separately");
            assertArrayEquals(SaeWeights.initial(5, D, L, true, new double[D]).decoderRows(),
                    SaeWeights.initial(5, D, L, true, new double[D]).encoderRows(), "tied: W_enc = W_dec^T");
        }
    }

    @Test
    void inferenceEncodingMatchesTheReferenceForward() {
        for (Architecture rule : new Architecture[]{new Relu(), new TopK(2)}) {
            for (DecoderNorm norm : DecoderNorm.values()) {
                try (SaeStack stack = new SaeStack(rule, norm, I, D, L, B, DataType.DOUBLE, 1)) {
                    Random random = new Random(21);
                    fill(stack.encoder(), random, 1.0);
                    fill(stack.decoder(), random, 1.5);
                    if (norm == DecoderNorm.RENORMALISED) {
                        // its trainer renormalises after every update: inference sees unit rows
                        stack.normaliseDecoder(new boolean[I]);
                    }
                    fill(stack.encoderBias(), random, 0.2);
                    fill(stack.decoderBias(), random, 0.2);
                    int n = 2 * B + 3; // two whole chunks and a partial one
                    double[] x = new double[n * D];
                    float[] xf = new float[n * D];
                    for (int k = 0; k < x.length; k++) {
                        xf[k] = (float) random.nextDouble();
                        x[k] = xf[k];
                    }
                    SaeCodes codes = stack.encode(1, xf, n);
                    double[][] z = SaeReference.codes(stack, 1, x);
                    int active = 0;
                    for (int b = 0; b < n; b++) {
                        double[] xhat = SaeReference.reconstruction(stack, 1, z[b]);
                        for (int l = 0; l < L; l++) {
                            assertEquals(z[b][l], codes.codes()[b * L + l], 1e-6, rule.name() + " z[" + b + "," + l + "]");
                            active += z[b][l] > 0 ? 1 : 0;
                        }
                        for (int j = 0; j < D; j++) {
                            assertEquals(xhat[j], codes.reconstructions()[b * D + j], 1e-6, rule.name() + " x̂");
                        }
                    }
                    assertTrue(active > 0 && active < n * L, rule.name() + ": " + active + " of " + n * L + " active");
                }
            }
        }
    }

    @Test
    void batchTopKEncodesByThresholdAtInference() {
        try (SaeStack stack = new SaeStack(BatchTopK.of(1), DecoderNorm.PROJECTED, I, D, L, B, DataType.DOUBLE, 1)) {
            Random random = new Random(4);
            fill(stack.encoder(), random, 1.0);
            fill(stack.decoder(), random, 1.0);
            stack.normaliseDecoder(new boolean[I]);
            stack.threshold().assign(0.4);
            float[] xf = new float[B * D];
            double[] x = new double[B * D];
            for (int k = 0; k < x.length; k++) {
                xf[k] = (float) random.nextDouble();
                x[k] = xf[k];
            }
            SaeCodes codes = stack.encode(0, xf, B);
            double[][] pre = SaeReference.preActivations(stack, 0, x);
            for (int b = 0; b < B; b++) {
                for (int l = 0; l < L; l++) {
                    assertEquals(pre[b][l] > 0.4 ? pre[b][l] : 0, codes.codes()[b * L + l], 1e-6);
                }
            }
        }
    }

    @Test
    void aNonFiniteEncoderIsReportedWithoutDisturbingTheOthers() {
        try (SaeStack clean = stack(); SaeStack poisoned = stack()) {
            poisoned.encoder().putScalar(new long[]{1, 2, 3}, Double.NaN);
            Random random = new Random(9);
            double[] x = input(random);
            double[] l1 = {0.1, 0.1, 0.1};
            double[] cleanLoss = new double[I];
            double[] poisonedLoss = new double[I];
            clean.lossAndGradients(x, l1, new boolean[I], cleanLoss);
            poisoned.lossAndGradients(x, l1, new boolean[I], poisonedLoss);
            assertTrue(Double.isNaN(poisonedLoss[1]));
            assertEquals(0.0, poisoned.gradEncoder().slice(1).norm2Number().doubleValue(), "its gradients are zero");
            assertEquals(0.0, poisoned.gradDecoderBias().getRow(1).norm2Number().doubleValue());
            assertEquals(0.0, poisoned.gradEncoderBias().getRow(1).norm2Number().doubleValue());
            for (int i : new int[]{0, 2}) {
                assertEquals(cleanLoss[i], poisonedLoss[i], 0.0);
                assertEquals(clean.gradEncoder().slice(i), poisoned.gradEncoder().slice(i));
                assertEquals(clean.gradDecoderBias().getRow(i), poisoned.gradDecoderBias().getRow(i));
            }
        }
    }

    private static SaeStack stack() {
        SaeStack stack = new SaeStack(new Relu(), DecoderNorm.PROJECTED, I, D, L, B, DataType.DOUBLE, 2);
        for (int i = 0; i < I; i++) {
            stack.load(i, SaeWeights.initial(i, D, L, true, new double[]{0.1, 0, 0, 0.2}));
        }
        return stack;
    }

    private static double[] input(Random random) {
        double[] x = new double[B * D];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble();
        }
        return x;
    }

    private static boolean all(boolean[] values) {
        for (boolean v : values) {
            if (!v) {
                return false;
            }
        }
        return true;
    }
}
