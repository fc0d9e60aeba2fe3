package dev.superpose.model.sae;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static dev.superpose.model.sae.SaeStackGradientTest.assertClose;
import static dev.superpose.model.sae.SaeStackGradientTest.fill;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random-transformer SAE study's SAE (superposition/autoencoders/standard.py, util.py): inputs
 * standardised per sample inside the model, the decoder renormalised outside the graph, its
 * initialisation. Gradients against central differences of a direct reference of that loss.
 */
class StudySaeFormsTest {
    private static final int I = 2;
    private static final int D = 4;
    private static final int L = 6;
    private static final int B = 5;
    private static final double[] L1 = {0.05, 0.2};
    private static final double STEP = 1e-6;

    @Test
    void aSampleIsStandardisedWithTheSampleStandardDeviation() {
        double[] x = {1, 2, 3, 4};
        double[] out = new double[4];
        double[] mean = new double[1];
        double[] std = new double[1];
        InputNormalization.PER_SAMPLE.standardise(x, 1, 4, out, mean, std);
        // mean 2.5, std with ddof = 1: sqrt(5 / 3), as torch.Tensor.std
        double s = Math.sqrt(5.0 / 3.0);
        assertArrayEquals(new double[]{-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, out, 1e-7);
        assertEquals(2.5, mean[0]);
        assertEquals(s, std[0], 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = DecoderNorm.class, names = {"PROJECTED", "RENORMALISED"})
    void perSampleGradientsMatchFiniteDifferencesOfTheLossOnRawInputs(DecoderNorm norm) {
        SaeOptions options = new SaeOptions(norm, false, DecoderBiasInit.ZERO)
                .withInputNormalization(InputNormalization.PER_SAMPLE);
        try (SaeStack stack = new SaeStack(new Relu(), options, I, D, L, B, DataType.DOUBLE, 1)) {
            Random random = new Random(17 + norm.ordinal());
            fill(stack.encoder(), random, 0.8);
            fill(stack.decoder(), random, 1.0);
            stack.normaliseDecoder(new boolean[I]);
            fill(stack.encoderBias(), random, 0.3);
            fill(stack.decoderBias(), random, 0.3);
            double[] x = new double[B * D];
            for (int k = 0; k < x.length; k++) {
                // raw inputs far from standardised: a mean of 3 and a spread of 2
                x[k] = 3 + 2 * random.nextGaussian();
            }
            double[] loss = new double[I];
            stack.lossAndGradients(x, L1, new boolean[I], loss);
            for (int i = 0; i < I; i++) {
                assertEquals(referenceLoss(stack, i, x, L1[i]), loss[i], 1e-12, "loss of instance " + i);
            }
            assertClose(stack.gradEncoder().dup().data().asDouble(), numeric(stack, stack.encoder(), x), "dW_enc");
            assertClose(stack.gradEncoderBias().dup().data().asDouble(), numeric(stack, stack.encoderBias(), x), "db_enc");
            assertClose(stack.gradDecoderBias().dup().data().asDouble(), numeric(stack, stack.decoderBias(), x), "db_dec");
            double[] numericDecoder = numeric(stack, stack.decoder(), x);
            if (norm == DecoderNorm.PROJECTED) {
                numericDecoder = tangent(numericDecoder, stack.decoder().dup().data().asDouble());
            }
            assertClose(stack.gradDecoder().dup().data().asDouble(), numericDecoder, "dW_dec " + norm);
        }
    }

    @Test
    void perSampleInferenceReconstructsInRawUnits() {
        SaeOptions options = new SaeOptions(DecoderNorm.RENORMALISED, false, DecoderBiasInit.ZERO)
                .withInputNormalization(InputNormalization.PER_SAMPLE);
        try (SaeStack stack = new SaeStack(new Relu(), options, I, D, L, B, DataType.DOUBLE, 1)) {
            Random random = new Random(5);
            fill(stack.encoder(), random, 0.8);
            fill(stack.decoder(), random, 1.0);
            stack.normaliseDecoder(new boolean[I]);
            fill(stack.encoderBias(), random, 0.3);
            fill(stack.decoderBias(), random, 0.3);
            int n = B + 2;
            float[] x = new float[n * D];
            double[] xd = new double[n * D];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) (-1 + 4 * random.nextDouble());
                xd[k] = x[k];
            }
            SaeCodes codes = stack.encode(1, x, n);
            double[] expected = new double[n * D];
            for (int b = 0; b < n; b++) {
                double[] row = java.util.Arrays.copyOfRange(xd, b * D, (b + 1) * D);
                System.arraycopy(reference(stack, 1, row), 0, expected, b * D, D);
            }
            double[] actual = new double[n * D];
            for (int k = 0; k < actual.length; k++) {
                actual[k] = codes.reconstructions()[k];
            }
            assertArrayEquals(expected, actual, 1e-5);
        }
    }

    /**
     * A short last batch (3 of a stack's 5 rows) gives the loss and gradients of a stack whose
     * batch is those 3 rows, also for rules with their own passes (jumprelu, gated) and AuxK.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("shortBatchRules")
    void aShortBatchIsTheMeanOverItsOwnRows(Architecture rule, AuxK aux) {
        int rows = 3;
        SaeOptions options = new SaeOptions(DecoderNorm.PROJECTED, false, DecoderBiasInit.ZERO).withAuxK(aux, 1)
                .withInputNormalization(aux.enabled() ? InputNormalization.NONE : InputNormalization.PER_SAMPLE);
        try (SaeStack full = new SaeStack(rule, options, I, D, L, B, DataType.DOUBLE, 1);
             SaeStack small = new SaeStack(rule, options, I, D, L, rows, DataType.DOUBLE, 1)) {
            Random random = new Random(41);
            fill(full.encoder(), random, 0.8);
            fill(full.decoder(), random, 1.0);
            full.normaliseDecoder(new boolean[I]);
            fill(full.encoderBias(), random, 0.3);
            fill(full.decoderBias(), random, 0.3);
            for (int k = 0; k < full.latentParameters().size(); k++) {
                fill(full.latentParameters().get(k).value(), random, 0.1);
            }
            small.encoder().assign(full.encoder());
            small.decoder().assign(full.decoder());
            small.encoderBias().assign(full.encoderBias());
            small.decoderBias().assign(full.decoderBias());
            for (int k = 0; k < full.latentParameters().size(); k++) {
                small.latentParameters().get(k).value().assign(full.latentParameters().get(k).value());
            }
            if (aux.enabled()) {
                java.util.Arrays.fill(full.deadMask(), true);
                java.util.Arrays.fill(small.deadMask(), true);
            }
            double[] x = new double[B * D];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextDouble();
            }
            double[] fullLoss = new double[I];
            double[] smallLoss = new double[I];
            full.lossAndGradients(x, rows, L1, new boolean[I], fullLoss);
            small.lossAndGradients(java.util.Arrays.copyOf(x, rows * D), L1, new boolean[I], smallLoss);
            assertArrayEquals(smallLoss, fullLoss, 1e-12);
            assertArrayEquals(small.gradEncoder().dup().data().asDouble(), full.gradEncoder().dup().data().asDouble(), 1e-12);
            assertArrayEquals(small.gradDecoder().dup().data().asDouble(), full.gradDecoder().dup().data().asDouble(), 1e-12);
            assertArrayEquals(small.gradEncoderBias().dup().data().asDouble(),
                    full.gradEncoderBias().dup().data().asDouble(), 1e-12);
            assertArrayEquals(small.gradDecoderBias().dup().data().asDouble(),
                    full.gradDecoderBias().dup().data().asDouble(), 1e-12);
            for (int k = 0; k < full.latentParameters().size(); k++) {
                assertArrayEquals(small.latentParameters().get(k).gradient().dup().data().asDouble(),
                        full.latentParameters().get(k).gradient().dup().data().asDouble(), 1e-12);
            }
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shortBatchRules() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(new Relu(), AuxK.OFF),
                org.junit.jupiter.params.provider.Arguments.of(new JumpRelu(0.5, 0.3), AuxK.OFF),
                org.junit.jupiter.params.provider.Arguments.of(new Gated(), AuxK.OFF),
                org.junit.jupiter.params.provider.Arguments.of(new TopK(2), new AuxK(2, 0.5)));
    }

    @Test
    void theStudysDecoderIsTorchsOrthogonalInitWithUnitColumns() {
        // torch.nn.init.orthogonal_ applied to these draws W [d, L] (its body run by /usr/bin/python3
        // with torch 1.13 in double precision), then each latent's column scaled to unit norm
        float[] wide = Initialisation.orthogonalRows(new double[]{0.3, -1.2, 0.5, 0.8, 0.1, -0.7}, 2, 3);
        assertArrayEquals(new float[]{0.2718424171f, 0.9623417793f, -0.9983169025f, -0.0579945013f, 0.5278532135f,
                -0.8493356139f}, wide, 1e-6f);
        float[] tall = Initialisation.orthogonalRows(new double[]{0.3, -1.2, 0.8, 0.1, 0.5, -0.7}, 3, 2);
        assertArrayEquals(new float[]{0.3030457634f, 0.8081220356f, 0.5050762723f, -0.8128995574f, 0.4958110775f,
                -0.3055579896f}, tall, 1e-6f);
    }

    @Test
    void theOrthogonalFactorHasOrthonormalColumnsAndAnUpperTriangularPositiveR() {
        int tall = 300;
        int wide = 40;
        java.util.Random random = new java.util.Random(5);
        double[] a = new double[tall * wide];
        for (int k = 0; k < a.length; k++) {
            a[k] = random.nextGaussian();
        }
        double[] q = Initialisation.thinQ(a, tall, wide);
        for (int i = 0; i < wide; i++) {
            for (int j = 0; j < wide; j++) {
                double qtq = 0;
                double r = 0; // R = Qᵀ A
                for (int row = 0; row < tall; row++) {
                    qtq += q[row * wide + i] * q[row * wide + j];
                    r += q[row * wide + i] * a[row * wide + j];
                }
                assertEquals(i == j ? 1 : 0, qtq, 1e-12, "(QᵀQ)[" + i + "][" + j + "]");
                if (i > j) {
                    assertEquals(0, r, 1e-10, "R below the diagonal at " + i + ", " + j);
                } else if (i == j) {
                    assertTrue(r > 0, "R's diagonal positive at " + i);
                }
            }
        }
        double[] dependent = {1, 2, 2, 4, 3, 6};
        assertThrows(IllegalArgumentException.class, () -> Initialisation.thinQ(dependent, 3, 2));
    }

    @Test
    void theStudysEncoderIsNnLinearsDefaultAndItsSeedAloneDecides() {
        int d = 64;
        int latents = 128;
        SaeWeights w = Initialisation.STUDY.initial(3, d, latents, true, new double[d]);
        double bound = 1 / Math.sqrt(d);
        double squares = 0;
        double max = 0;
        for (float e : w.encoderRows()) {
            squares += e * e;
            max = Math.max(max, Math.abs(e));
        }
        // U[-b, b] has variance b² / 3; 8192 draws put the sample's within ~2 % of it
        assertEquals(bound * bound / 3, squares / w.encoderRows().length, 0.03 * bound * bound / 3);
        assertEquals(bound, max, 0.01 * bound);
        assertEquals(latents, w.encoderBias().length);
        assertArrayEquals(new float[d], w.decoderBias());
        assertArrayEquals(w.decoderRows(), Initialisation.STUDY.initial(3, d, latents, false, new double[d]).decoderRows());
        // 128 unit rows in 64 dimensions: the columns of W_dec before scaling were orthonormal
        for (int l = 0; l < latents; l++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += w.decoderRows()[l * d + j] * w.decoderRows()[l * d + j];
            }
            assertEquals(1, norm, 1e-5, "row " + l);
        }
    }

    /** mean_b mean_d (x̂_b − x_b)² + λ·mean_b Σ_l z, x̂_b = s_b·(z_b·D + b_dec) + m_b, z_b = ReLU((x_s − b_dec)·Eᵀ + b_enc). */
    private static double referenceLoss(SaeStack stack, int i, double[] x, double l1) {
        double squares = 0;
        double codes = 0;
        for (int b = 0; b < B; b++) {
            double[] row = java.util.Arrays.copyOfRange(x, b * D, (b + 1) * D);
            double[] xhat = reference(stack, i, row);
            for (int j = 0; j < D; j++) {
                squares += (xhat[j] - row[j]) * (xhat[j] - row[j]);
            }
            for (double z : codes(stack, i, row)) {
                codes += z;
            }
        }
        return squares / (B * D) + l1 * codes / B;
    }

    private static double[] standardised(double[] row) {
        double m = java.util.Arrays.stream(row).average().orElseThrow();
        double v = java.util.Arrays.stream(row).map(a -> (a - m) * (a - m)).sum() / (row.length - 1);
        return java.util.Arrays.stream(row).map(a -> (a - m) / (Math.sqrt(v) + 1e-8)).toArray();
    }

    private static double[] codes(SaeStack stack, int i, double[] row) {
        double[] xs = standardised(row);
        double[] z = new double[L];
        for (int l = 0; l < L; l++) {
            double pre = stack.encoderBias().getDouble(i, l);
            for (int j = 0; j < D; j++) {
                pre += (xs[j] - stack.decoderBias().getDouble(i, j)) * stack.encoder().getDouble(i, l, j);
            }
            z[l] = Math.max(0, pre);
        }
        return z;
    }

    /** The reconstruction in raw units, with the decoder rows as they are (unit at the drawn point). */
    private static double[] reference(SaeStack stack, int i, double[] row) {
        double m = java.util.Arrays.stream(row).average().orElseThrow();
        double s = Math.sqrt(java.util.Arrays.stream(row).map(a -> (a - m) * (a - m)).sum() / (row.length - 1));
        double[] z = codes(stack, i, row);
        double[] xhat = new double[D];
        for (int j = 0; j < D; j++) {
            double v = stack.decoderBias().getDouble(i, j);
            for (int l = 0; l < L; l++) {
                v += z[l] * stack.decoder().getDouble(i, l, j);
            }
            xhat[j] = v * s + m;
        }
        return xhat;
    }

    private static double[] numeric(SaeStack stack, INDArray parameter, double[] x) {
        double[] gradient = new double[(int) parameter.length()];
        for (int k = 0; k < gradient.length; k++) {
            double saved = parameter.getDouble(k);
            parameter.putScalar(k, saved + STEP);
            double up = total(stack, x);
            parameter.putScalar(k, saved - STEP);
            double down = total(stack, x);
            parameter.putScalar(k, saved);
            gradient[k] = (up - down) / (2 * STEP);
        }
        return gradient;
    }

    private static double total(SaeStack stack, double[] x) {
        double sum = 0;
        for (int i = 0; i < I; i++) {
            sum += referenceLoss(stack, i, x, L1[i]);
        }
        return sum;
    }

    private static double[] tangent(double[] gradient, double[] rows) {
        double[] out = gradient.clone();
        for (int r = 0; r < rows.length / D; r++) {
            double along = 0;
            for (int j = 0; j < D; j++) {
                along += gradient[r * D + j] * rows[r * D + j];
            }
            for (int j = 0; j < D; j++) {
                out[r * D + j] -= along * rows[r * D + j];
            }
        }
        return out;
    }
}
