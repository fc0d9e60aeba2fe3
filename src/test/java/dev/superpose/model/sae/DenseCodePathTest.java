package dev.superpose.model.sae;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.superpose.model.sae.SaeStackGradientTest.fill;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dense path ({@link CodePath#DENSE}: BLAS products over all rows and latents) against the
 * sparse one ({@link CodePath#SPARSE}: the active pairs in Java, checked against finite
 * differences in {@link SaeStackGradientTest} and {@link SaeArchitectureGradientTest}): for every
 * architecture and option that changes the pass, two stacks with the same parameters train on the
 * same three batches (the second a short one) and must give the same losses, gradients, fired
 * latents and kept thresholds, to 1e-10 in double precision and to float rounding in float.
 */
class DenseCodePathTest {
    private static final int I = 3;
    private static final int D = 8;
    private static final int L = 12;
    private static final int B = 7;
    private static final int SHORT = 4;
    private static final double[] L1 = {0.05, 0.3, 0.01};

    static Stream<Arguments> cases() {
        SaeOptions plain = new SaeOptions(DecoderNorm.PROJECTED, true, DecoderBiasInit.ZERO);
        AuxK aux = new AuxK(2, 0.5);
        SaeShape sae = SaeShape.autoencoder(D);
        SaeShape transcoder = SaeShape.transcoder(D, D - 3);
        Matryoshka matryoshka = Matryoshka.of(3, List.of(3, 6));
        List<Arguments> base = List.of(
                Arguments.of("relu", new Relu(), plain, sae),
                Arguments.of("relu weight-norm", new Relu(), new SaeOptions(DecoderNorm.WEIGHT_NORM, true,
                        DecoderBiasInit.ZERO), sae),
                Arguments.of("relu renormalised", new Relu(), new SaeOptions(DecoderNorm.RENORMALISED, true,
                        DecoderBiasInit.ZERO), sae),
                Arguments.of("relu per-sample", new Relu(), plain.withInputNormalization(InputNormalization.PER_SAMPLE),
                        sae),
                Arguments.of("relu tied", new Relu(), plain.withTied(true), sae),
                Arguments.of("topk", new TopK(3), plain, sae),
                Arguments.of("topk aux-k", new TopK(3), plain.withAuxK(aux, 1), sae),
                Arguments.of("topk tied weight-norm", new TopK(3), new SaeOptions(DecoderNorm.WEIGHT_NORM, true,
                        DecoderBiasInit.ZERO).withTied(true), sae),
                Arguments.of("batchtopk aux-k", BatchTopK.of(3), plain.withAuxK(aux, 1), sae),
                Arguments.of("jumprelu", new JumpRelu(0.5, 0.3), plain, sae),
                Arguments.of("gated", new Gated(), plain, sae),
                Arguments.of("matryoshka aux-k", matryoshka, plain.withAuxK(aux, 1), sae),
                Arguments.of("relu transcoder", new Relu(), plain, transcoder),
                Arguments.of("batchtopk transcoder", BatchTopK.of(3), plain, transcoder),
                Arguments.of("gated transcoder", new Gated(), plain, transcoder));
        List<Arguments> all = new ArrayList<>();
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (Arguments a : base) {
                Object[] args = a.get();
                all.add(Arguments.of(args[0], args[1], args[2], args[3], type));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("cases")
    void theDensePathGivesTheSparsePathsLossAndGradients(String name, Architecture rule, SaeOptions options,
                                                         SaeShape shape, DataType type) {
        double tolerance = type == DataType.DOUBLE ? 1e-10 : 2e-5;
        try (SaeStack sparse = new SaeStack(rule, options.withCodePath(CodePath.SPARSE), I, shape, L, B, type, 2);
             SaeStack dense = new SaeStack(rule, options.withCodePath(CodePath.DENSE), I, shape, L, B, type, 2)) {
            Random random = new Random(name.hashCode());
            fill(sparse.encoder(), random, 0.8);
            fill(sparse.decoder(), random, 1.0);
            sparse.normaliseDecoder(new boolean[I]);
            fill(sparse.encoderBias(), random, 0.3);
            fill(sparse.decoderBias(), random, 0.3);
            for (LatentParameter p : sparse.latentParameters()) {
                fill(p.value(), random, 0.3);
            }
            SaeArchitectureGradientTest.copyParameters(sparse, dense);
            if (sparse.deadMask() != null) {
                for (int k = 0; k < I * L; k += 3) {
                    sparse.deadMask()[k] = true;
                    dense.deadMask()[k] = true;
                }
            }
            int firedPairs = 0;
            for (int batch = 0; batch < 3; batch++) {
                int rows = batch == 1 ? SHORT : B;
                double[] x = draw(random, B * shape.inputs());
                double[] y = draw(random, B * shape.outputs());
                double[] sparseLoss = new double[I];
                double[] denseLoss = new double[I];
                if (shape.transcoder()) {
                    sparse.lossAndGradients(x, y, rows, L1, new boolean[I], sparseLoss);
                    dense.lossAndGradients(x, y, rows, L1, new boolean[I], denseLoss);
                } else {
                    sparse.lossAndGradients(x, rows, L1, new boolean[I], sparseLoss);
                    dense.lossAndGradients(x, rows, L1, new boolean[I], denseLoss);
                }
                String at = name + " batch " + batch + ": ";
                assertArrayEquals(sparseLoss, denseLoss, tolerance * (1 + max(sparseLoss)), at + "loss");
                assertArrayEquals(sparse.fired(), dense.fired(), at + "fired latents");
                assertNear(sparse.gradEncoder(), dense.gradEncoder(), tolerance, at + "encoder gradient");
                assertNear(sparse.gradDecoder(), dense.gradDecoder(), tolerance, at + "decoder gradient");
                assertNear(sparse.gradEncoderBias(), dense.gradEncoderBias(), tolerance, at + "b_enc gradient");
                assertNear(sparse.gradDecoderBias(), dense.gradDecoderBias(), tolerance, at + "b_dec gradient");
                for (int k = 0; k < sparse.latentParameters().size(); k++) {
                    LatentParameter p = sparse.latentParameters().get(k);
                    assertNear(p.gradient(), dense.latentParameters().get(k).gradient(), tolerance,
                            at + p.name() + " gradient");
                }
                if (sparse.threshold() != null) {
                    assertNear(sparse.threshold(), dense.threshold(), tolerance, at + "kept threshold");
                }
                for (boolean f : sparse.fired()) {
                    firedPairs += f ? 1 : 0;
                }
                // lower encoder biases for the next batch: other latents fire, stale rows must be cleared
                sparse.encoderBias().subi(0.2);
                dense.encoderBias().subi(0.2);
            }
            assertTrue(firedPairs > 0, name + ": no latent fired, a vacuous comparison");
            assertTrue(sparse.gradEncoderBias().norm2Number().doubleValue() > 0, name + ": zero gradients");
        }
    }

    @Test
    void autoTakesTheDensePathForDenseWideBatchesOnly() {
        assertTrue(CodePath.AUTO.dense(256 * 512 / 2, 256, 512, 256, 256), "half the pairs of a 256 → 512 SAE");
        assertFalse(CodePath.AUTO.dense(256 * 50, 256, 512, 256, 256), "50 of 512 latents per row");
        assertTrue(CodePath.AUTO.dense(256 * 80, 256, 512, 256, 256), "80 of 512 latents per row");
        assertFalse(CodePath.AUTO.dense(256 * 50, 256, 512, 64, 64), "50 of 512 latents of 64-wide rows");
        assertTrue(CodePath.AUTO.dense(256 * 100, 256, 512, 64, 64), "100 of 512 latents of 64-wide rows");
        assertFalse(CodePath.AUTO.dense(256 * 512, 256, 512, 256, 8), "a transcoder writing 8-wide rows");
        assertFalse(CodePath.AUTO.dense(1024 * 5, 1024, 5, 2, 2), "a 2 → 5 toy SAE, every latent firing");
        assertFalse(CodePath.AUTO.dense(256 * 32, 256, 32, 512, 512), "32 latents, all firing");
        assertTrue(CodePath.DENSE.dense(0, 256, 512, 256, 256));
        assertFalse(CodePath.SPARSE.dense(256 * 512, 256, 512, 256, 256));
    }

    private static double[] draw(Random random, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = random.nextDouble() < 0.3 ? 0.0 : 1.5 * random.nextDouble() - 0.4;
        }
        return v;
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Every element within {@code tolerance} × (1 + the largest magnitude in {@code expected}). */
    private static void assertNear(INDArray expected, INDArray actual, double tolerance, String what) {
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        assertEquals(e.length, a.length, what + ": length");
        assertArrayEquals(e, a, tolerance * (1 + max(e)), what);
    }
}
