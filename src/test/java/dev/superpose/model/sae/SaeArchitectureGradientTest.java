package dev.superpose.model.sae;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import static dev.superpose.model.sae.SaeStackGradientTest.assertClose;
import static dev.superpose.model.sae.SaeStackGradientTest.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written gradients of JumpReLU, the gated SAE and AuxK against central finite differences
 * of {@link ArchitectureReference}'s losses, in double precision, with both decoder
 * parameterisations. Stop-gradients are snapshots taken at the point (the gated SAE's frozen
 * decoder, AuxK's main error), so the differences are those of the loss the hand gradient
 * defines. JumpReLU's threshold gradient is a straight-through estimate, not a derivative of the
 * loss: it is checked against the estimator's formula, written out below. Points are redrawn
 * until no pre-activation is within a difference step of a selection boundary.
 */
class SaeArchitectureGradientTest {
    private static final int I = SaeStackGradientTest.INSTANCES;
    private static final int D = SaeStackGradientTest.INPUTS;
    private static final int L = SaeStackGradientTest.LATENTS;
    private static final int B = SaeStackGradientTest.BATCH;
    private static final double STEP = 1e-6;
    private static final double MARGIN = 1e-4;
    private static final double[] L1 = {0.05, 0.3, 0.01};
    /** Levels [0, 2), [0, 4) and the whole [0, 6). */
    private static final Matryoshka MATRYOSHKA = Matryoshka.of(2, List.of(2, 4));

    private SaeStack stack;

    @AfterEach
    void close() {
        stack.close();
    }

    @ParameterizedTest
    @EnumSource(DecoderNorm.class)
    void jumpReluGradientsMatchFiniteDifferencesAndTheStraightThroughEstimator(DecoderNorm norm) {
        double bandwidth = 0.5;
        stack = new SaeStack(new JumpRelu(bandwidth, 0.3), norm, I, D, L, B, DataType.DOUBLE, 2);
        Random random = new Random(31 + norm.ordinal());
        for (int point = 0; point < 3; point++) {
            double[] x = null;
            for (int attempt = 0; x == null; attempt++) {
                assertTrue(attempt < 1000, "no point away from the thresholds in 1000 draws");
                x = drawCommon(random);
                INDArray logTheta = stack.latentParameter(JumpRelu.LOG_THRESHOLD).value();
                for (long k = 0; k < logTheta.length(); k++) {
                    logTheta.putScalar(k, Math.log(0.1 + 0.4 * random.nextDouble()));
                }
                x = awayFromThresholds(x) ? x : null;
            }
            double[] loss = new double[I];
            stack.lossAndGradients(x, L1, new boolean[I], loss);
            for (int i = 0; i < I; i++) {
                assertEquals(ArchitectureReference.jumpReluLoss(stack, i, x, L1[i]), loss[i], 1e-12, "loss " + i);
            }
            double[] thetaGradient = stack.latentParameter(JumpRelu.LOG_THRESHOLD).gradient().dup().data().asDouble();
            double[] input = x;
            checkGradients(() -> sum(i -> ArchitectureReference.jumpReluLoss(stack, i, input, L1[i])),
                    "jumprelu point " + point);
            assertClose(thetaGradient, straightThroughThresholdGradient(x, bandwidth), "d log θ at point " + point);
        }
    }

    /**
     * The estimator's d/d log θ_l: with t = log θ, K(u) = 1[|u| &lt; ½] and z̄ the loss's
     * derivative in z (also where z = 0),
     * θ·Σ_b K((pre_bl − θ)/ε)·[−(θ/ε)·∂MSE/∂z_bl − λ/(B·ε)],  ∂MSE/∂z_bl = 2/(B·d)·(x̂_b − x_b)·W_dec[l].
     */
    private double[] straightThroughThresholdGradient(double[] x, double bandwidth) {
        double[] expected = new double[I * L];
        for (int i = 0; i < I; i++) {
            double[][] pre = SaeReference.preActivations(stack, i, x);
            double[][] rows = ArchitectureReference.decoderRows(stack, i);
            double[][] z = new double[B][L];
            for (int b = 0; b < B; b++) {
                for (int l = 0; l < L; l++) {
                    double theta = Math.exp(ArchitectureReference.latentParameter(stack, JumpRelu.LOG_THRESHOLD, i, l));
                    z[b][l] = pre[b][l] > theta ? pre[b][l] : 0;
                }
            }
            double[][] xhat = ArchitectureReference.reconstruct(z, rows, ArchitectureReference.decoderBias(stack, i));
            for (int l = 0; l < L; l++) {
                double theta = Math.exp(ArchitectureReference.latentParameter(stack, JumpRelu.LOG_THRESHOLD, i, l));
                double sum = 0;
                for (int b = 0; b < B; b++) {
                    if (Math.abs((pre[b][l] - theta) / bandwidth) < 0.5) {
                        double dz = 0;
                        for (int j = 0; j < D; j++) {
                            dz += 2.0 / (B * D) * (xhat[b][j] - x[b * D + j]) * rows[l][j];
                        }
                        sum += -(theta / bandwidth) * dz - L1[i] / (B * bandwidth);
                    }
                }
                expected[i * L + l] = theta * sum;
            }
        }
        return expected;
    }

    private boolean awayFromThresholds(double[] x) {
        int inWindow = 0;
        for (int i = 0; i < I; i++) {
            double[][] pre = SaeReference.preActivations(stack, i, x);
            for (double[] row : pre) {
                for (int l = 0; l < L; l++) {
                    double theta = Math.exp(ArchitectureReference.latentParameter(stack, JumpRelu.LOG_THRESHOLD, i, l));
                    if (Math.abs(row[l] - theta) < MARGIN) {
                        return false;
                    }
                    inWindow += Math.abs(row[l] - theta) < 0.25 ? 1 : 0;
                }
            }
        }
        return inWindow > 0;
    }

    @ParameterizedTest
    @EnumSource(DecoderNorm.class)
    void gatedGradientsMatchFiniteDifferencesOfTheStopGradientLoss(DecoderNorm norm) {
        stack = new SaeStack(new Gated(), norm, I, D, L, B, DataType.DOUBLE, 2);
        Random random = new Random(41 + norm.ordinal());
        for (int point = 0; point < 3; point++) {
            double[] x = null;
            for (int attempt = 0; x == null; attempt++) {
                assertTrue(attempt < 1000, "no point away from the gate and ReLU kinks in 1000 draws");
                x = drawCommon(random);
                fill(stack.latentParameter(Gated.MAGNITUDE_SCALE).value(), random, 0.3);
                fill(stack.latentParameter(Gated.MAGNITUDE_BIAS).value(), random, 0.2);
                x = awayFromGateKinks(x) ? x : null;
            }
            double[][][] frozenRows = new double[I][][];
            double[][] frozenBias = new double[I][];
            for (int i = 0; i < I; i++) {
                frozenRows[i] = ArchitectureReference.decoderRows(stack, i);
                frozenBias[i] = ArchitectureReference.decoderBias(stack, i);
            }
            double[] loss = new double[I];
            stack.lossAndGradients(x, L1, new boolean[I], loss);
            double[] input = x;
            DoubleSupplier total = () -> sum(i -> ArchitectureReference.gatedLoss(stack, i, input, L1[i],
                    frozenRows[i], frozenBias[i]));
            for (int i = 0; i < I; i++) {
                assertEquals(ArchitectureReference.gatedLoss(stack, i, x, L1[i], frozenRows[i], frozenBias[i]), loss[i],
                        1e-12, "loss " + i);
            }
            List<double[]> extras = new ArrayList<>();
            for (LatentParameter p : stack.latentParameters()) {
                extras.add(p.gradient().dup().data().asDouble());
            }
            checkGradients(total, "gated point " + point);
            for (int k = 0; k < extras.size(); k++) {
                LatentParameter p = stack.latentParameters().get(k);
                assertClose(extras.get(k), numericGradient(p.value(), total), p.name() + " at point " + point);
            }
        }
    }

    private boolean awayFromGateKinks(double[] x) {
        for (int i = 0; i < I; i++) {
            double[][][] codes = ArchitectureReference.gatedCodes(stack, i, x);
            for (int b = 0; b < B; b++) {
                for (int l = 0; l < L; l++) {
                    double pi = codes[0][b][l];
                    double u = pi - stack.encoderBias().getDouble(i, l);
                    double mag = Math.exp(ArchitectureReference.latentParameter(stack, Gated.MAGNITUDE_SCALE, i, l)) * u
                            + ArchitectureReference.latentParameter(stack, Gated.MAGNITUDE_BIAS, i, l);
                    if (Math.abs(pi) < MARGIN || (pi > 0 && Math.abs(mag) < MARGIN)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static Stream<Arguments> auxRules() {
        List<Arguments> all = new ArrayList<>();
        for (Architecture rule : List.of(new TopK(2), BatchTopK.of(2), MATRYOSHKA)) {
            for (DecoderNorm norm : DecoderNorm.values()) {
                all.add(Arguments.of(rule, norm));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("auxRules")
    void auxKGradientsMatchFiniteDifferencesWithTheMainErrorHeldFixed(Architecture rule, DecoderNorm norm) {
        AuxK aux = new AuxK(2, 0.5);
        stack = new SaeStack(rule, options(norm, aux, false), I, D, L, B, DataType.DOUBLE, 2);
        // instance 2 has no dead latent: no auxiliary loss
        int[][] deadLatents = {{1, 3, 4}, {0, 2, 4, 5}, {}};
        boolean[][] dead = new boolean[I][L];
        for (int i = 0; i < I; i++) {
            for (int l : deadLatents[i]) {
                dead[i][l] = true;
                stack.deadMask()[i * L + l] = true;
            }
        }
        Random random = new Random(rule.name().hashCode() + 7L * norm.ordinal());
        for (int point = 0; point < 3; point++) {
            double[] x = null;
            for (int attempt = 0; x == null; attempt++) {
                assertTrue(attempt < 1000, "no point away from selection ties in 1000 draws");
                x = drawCommon(random);
                x = SaeReference.selectionMargin(stack, x, rule) > MARGIN && auxMargin(x, dead, aux.k()) > MARGIN
                        ? x : null;
            }
            double[][] error = new double[I][];
            for (int i = 0; i < I; i++) {
                error[i] = ArchitectureReference.mainError(stack, i, x);
            }
            double[] input = x;
            DoubleSupplier total = () -> sum(i -> SaeReference.loss(stack, i, input, L1[i]) + inner(i, input)
                    + ArchitectureReference.auxLoss(stack, i, input, dead[i], aux, error[i]));
            double[] loss = new double[I];
            stack.lossAndGradients(x, L1, new boolean[I], loss);
            for (int i = 0; i < I; i++) {
                assertEquals(SaeReference.loss(stack, i, x, L1[i]) + inner(i, x) + ArchitectureReference.auxLoss(stack,
                        i, x, dead[i], aux, error[i]), loss[i], 1e-12, "loss " + i);
            }
            assertTrue(ArchitectureReference.auxLoss(stack, 0, x, dead[0], aux, error[0]) > 0, "instance 0 has an aux loss");
            checkGradients(total, rule.name() + " AuxK point " + point);
        }
    }

    /** The Matryoshka SAE's inner levels' loss of instance i; 0 for other rules. */
    private double inner(int i, double[] x) {
        return stack.architecture() instanceof Matryoshka ? ArchitectureReference.matryoshkaInnerLoss(stack, i, x) : 0;
    }

    /**
     * Matryoshka: the inner prefixes' reconstruction losses add gradients to the latents they
     * hold, and b_dec; the full level and the L1 are the main pass's.
     */
    @ParameterizedTest
    @EnumSource(DecoderNorm.class)
    void matryoshkaGradientsMatchFiniteDifferences(DecoderNorm norm) {
        stack = new SaeStack(MATRYOSHKA, norm, I, D, L, B, DataType.DOUBLE, 2);
        Random random = new Random(53 + norm.ordinal());
        for (int point = 0; point < 3; point++) {
            double[] x = null;
            for (int attempt = 0; x == null; attempt++) {
                assertTrue(attempt < 1000, "no point away from selection ties in 1000 draws");
                x = drawCommon(random);
                x = SaeReference.selectionMargin(stack, x, MATRYOSHKA) > MARGIN ? x : null;
            }
            double[] loss = new double[I];
            stack.lossAndGradients(x, L1, new boolean[I], loss);
            for (int i = 0; i < I; i++) {
                assertEquals(SaeReference.loss(stack, i, x, L1[i]) + inner(i, x), loss[i], 1e-12, "loss " + i);
            }
            assertTrue(inner(0, x) > 0, "the inner levels add a loss");
            double[] input = x;
            checkGradients(() -> sum(i -> SaeReference.loss(stack, i, input, L1[i]) + inner(i, input)),
                    "matryoshka point " + point);
        }
    }

    /** The smallest gap, per row among the dead latents, between the k-th and the (k+1)-th largest pre-activation. */
    private double auxMargin(double[] x, boolean[][] dead, int k) {
        double margin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < I; i++) {
            for (double[] row : SaeReference.preActivations(stack, i, x)) {
                double[] candidates = new double[L];
                int n = 0;
                for (int l = 0; l < L; l++) {
                    if (dead[i][l]) {
                        candidates[n++] = row[l];
                    }
                }
                double[] sorted = Arrays.copyOf(candidates, n);
                Arrays.sort(sorted);
                if (n > k) {
                    margin = Math.min(margin, sorted[n - k] - sorted[n - k - 1]);
                }
            }
        }
        return margin;
    }

    /**
     * The passes write gradient rows of latents that did not fire (AuxK's dead latents, the gated
     * SAE's open gates with a non-positive magnitude); a later batch must not see them.
     */
    @ParameterizedTest
    @MethodSource("everyArchitecture")
    void aSecondBatchLeavesNoTraceOfTheFirst(Architecture rule, AuxK aux) {
        Random random = new Random(5);
        double[] first;
        double[] second;
        SaeOptions options = options(DecoderNorm.PROJECTED, aux, false);
        try (SaeStack fresh = new SaeStack(rule, options, I, D, L, B, DataType.DOUBLE, 1)) {
            stack = new SaeStack(rule, options, I, D, L, B, DataType.DOUBLE, 1);
            first = drawCommon(random);
            second = drawCommon(new Random(6));
            for (LatentParameter p : stack.latentParameters()) {
                // negative magnitude biases: many open gates whose latent does not fire
                fill(p.value(), random, 0.3);
                p.value().subi(p.name().equals(Gated.MAGNITUDE_BIAS) ? 0.4 : 0.0);
            }
            if (aux.enabled()) {
                for (int k = 0; k < I * L; k += 2) {
                    stack.deadMask()[k] = true;
                    fresh.deadMask()[k] = true;
                }
            }
            stack.lossAndGradients(first, L1, new boolean[I], new double[I]);
            // new, lower encoder biases: the second batch opens fewer and other latents
            fill(stack.encoderBias(), random, 0.5);
            stack.encoderBias().subi(1.0);
            copyParameters(stack, fresh);
            stack.lossAndGradients(second, L1, new boolean[I], new double[I]);
            fresh.lossAndGradients(second, L1, new boolean[I], new double[I]);
            assertEquals(fresh.gradEncoder(), stack.gradEncoder(), "encoder gradient");
            assertEquals(fresh.gradDecoder(), stack.gradDecoder(), "decoder gradient");
            assertTrue(fresh.gradEncoder().norm2Number().doubleValue() > 0, "a vacuous comparison");
        }
    }

    /** Inference codes and reconstructions of jumprelu and gated (also tied) against the dense references. */
    @ParameterizedTest
    @MethodSource("inferenceVariants")
    void inferenceEncodingMatchesTheReference(Architecture rule, boolean tied) {
        stack = new SaeStack(rule, options(DecoderNorm.WEIGHT_NORM, AuxK.OFF, tied), I, D, L, B, DataType.DOUBLE, 1);
        Random random = new Random(12);
        drawCommon(random);
        for (LatentParameter p : stack.latentParameters()) {
            fill(p.value(), random, 0.3);
            p.value().addi(p.name().equals(JumpRelu.LOG_THRESHOLD) ? Math.log(0.3) : 0.0);
        }
        int n = 2 * B + 3;
        float[] xf = new float[n * D];
        double[] x = new double[n * D];
        for (int k = 0; k < x.length; k++) {
            xf[k] = (float) random.nextDouble();
            x[k] = xf[k];
        }
        SaeCodes codes = stack.encode(1, xf, n);
        double[][] z;
        if (rule instanceof Gated) {
            z = ArchitectureReference.gatedCodes(stack, 1, x)[1];
        } else {
            double[][] pre = SaeReference.preActivations(stack, 1, x);
            z = new double[n][L];
            for (int b = 0; b < n; b++) {
                for (int l = 0; l < L; l++) {
                    double theta = Math.exp(ArchitectureReference.latentParameter(stack, JumpRelu.LOG_THRESHOLD, 1, l));
                    z[b][l] = pre[b][l] > theta ? pre[b][l] : 0;
                }
            }
        }
        double[][] xhat = ArchitectureReference.reconstruct(z, ArchitectureReference.decoderRows(stack, 1),
                ArchitectureReference.decoderBias(stack, 1));
        int active = 0;
        for (int b = 0; b < n; b++) {
            for (int l = 0; l < L; l++) {
                assertEquals(z[b][l], codes.codes()[b * L + l], 1e-6, rule.name() + " z[" + b + "," + l + "]");
                active += z[b][l] > 0 ? 1 : 0;
            }
            for (int j = 0; j < D; j++) {
                assertEquals(xhat[b][j], codes.reconstructions()[b * D + j], 1e-6, rule.name() + " x̂");
            }
        }
        assertTrue(active > 0 && active < n * L, rule.name() + ": " + active + " of " + n * L + " active");
    }

    static Stream<Arguments> inferenceVariants() {
        return Stream.of(Arguments.of(new JumpRelu(0.1, 0.3), false), Arguments.of(new Gated(), false),
                Arguments.of(new JumpRelu(0.1, 0.3), true), Arguments.of(new Gated(), true));
    }

    static Stream<Arguments> everyArchitecture() {
        return Stream.of(Arguments.of(new JumpRelu(0.5, 0.3), AuxK.OFF), Arguments.of(new Gated(), AuxK.OFF),
                Arguments.of(new TopK(2), new AuxK(2, 0.5)), Arguments.of(BatchTopK.of(2), new AuxK(2, 0.5)),
                Arguments.of(MATRYOSHKA, new AuxK(2, 0.5)));
    }

    private static SaeOptions options(DecoderNorm norm, AuxK aux, boolean tied) {
        return new SaeOptions(norm, true, DecoderBiasInit.ZERO).withAuxK(aux, 1).withTied(tied);
    }

    static Stream<Arguments> tiedVariants() {
        List<Arguments> all = new ArrayList<>();
        for (DecoderNorm norm : DecoderNorm.values()) {
            for (Arguments a : List.of(Arguments.of(new Relu(), AuxK.OFF), Arguments.of(new TopK(2), AuxK.OFF),
                    Arguments.of(BatchTopK.of(2), AuxK.OFF), Arguments.of(new JumpRelu(0.5, 0.3), AuxK.OFF),
                    Arguments.of(new Gated(), AuxK.OFF), Arguments.of(new TopK(2), new AuxK(2, 0.5)),
                    Arguments.of(MATRYOSHKA, AuxK.OFF))) {
                all.add(Arguments.of(a.get()[0], a.get()[1], norm));
            }
        }
        return all.stream();
    }

    /**
     * Tied weights: the loss is a function of W_dec alone (the encoder rows are its unit rows),
     * and the decoder's gradient holds both uses. Differences of every architecture's loss (with
     * its stop-gradients as snapshots) against the hand gradients of W_dec, the biases and the
     * architecture's own parameters.
     */
    @ParameterizedTest
    @MethodSource("tiedVariants")
    void tiedGradientsMatchFiniteDifferences(Architecture rule, AuxK aux, DecoderNorm norm) {
        stack = new SaeStack(rule, options(norm, aux, true), I, D, L, B, DataType.DOUBLE, 2);
        checkEveryGradient(rule, aux, new Random(rule.name().hashCode() + 3L * norm.ordinal()), "tied");
    }

    /**
     * Transcoders (d_in = 5 → d_out = 3): every architecture's loss of targets y, with an encoder
     * that reads x itself (no b_dec subtracted), against the hand gradients of W_enc, W_dec, both
     * biases and the architecture's own parameters.
     */
    @ParameterizedTest
    @MethodSource("transcoderVariants")
    void transcoderGradientsMatchFiniteDifferences(Architecture rule, AuxK aux, DecoderNorm norm) {
        stack = new SaeStack(rule, options(norm, aux, false), I, SaeShape.transcoder(D + 1, D - 1), L, B,
                DataType.DOUBLE, 2);
        checkEveryGradient(rule, aux, new Random(rule.name().hashCode() + 5L * norm.ordinal()), "transcoder");
    }

    static Stream<Arguments> transcoderVariants() {
        return Stream.concat(tiedVariants(), Stream.of(DecoderNorm.values())
                .map(norm -> Arguments.of(MATRYOSHKA, new AuxK(2, 0.5), norm)));
    }

    /** The stack's loss against its architecture's reference and its gradients against differences of it. */
    private void checkEveryGradient(Architecture rule, AuxK aux, Random random, String kind) {
        boolean[][] dead = new boolean[I][L];
        for (int k = 0; aux.enabled() && k < I * L; k += 2) {
            dead[k / L][k % L] = true;
            stack.deadMask()[k] = true;
        }
        for (int point = 0; point < 2; point++) {
            double[] x = null;
            for (int attempt = 0; x == null; attempt++) {
                assertTrue(attempt < 1000, "no point away from selection boundaries in 1000 draws");
                x = drawCommon(random);
                if (stack.tied()) {
                    stack.encoder().assign(Double.NaN); // derived from the decoder: never read
                }
                for (LatentParameter p : stack.latentParameters()) {
                    fill(p.value(), random, 0.3);
                    p.value().addi(p.name().equals(JumpRelu.LOG_THRESHOLD) ? Math.log(0.3) : 0.0);
                }
                boolean away = switch (rule.name()) {
                    case "jumprelu" -> awayFromThresholds(x);
                    case "gated" -> awayFromGateKinks(x);
                    default -> SaeReference.selectionMargin(stack, x, rule) > MARGIN
                            && (!aux.enabled() || auxMargin(x, dead, aux.k()) > MARGIN);
                };
                x = away ? x : null;
            }
            double[] input = x;
            double[] y = stack.shape().transcoder() ? drawTarget(random) : x;
            double[][][] frozenRows = new double[I][][];
            double[][] frozenBias = new double[I][];
            double[][] error = new double[I][];
            for (int i = 0; i < I; i++) {
                frozenRows[i] = ArchitectureReference.decoderRows(stack, i);
                frozenBias[i] = ArchitectureReference.decoderBias(stack, i);
                error[i] = aux.enabled() ? ArchitectureReference.mainError(stack, i, x, y) : null;
            }
            java.util.function.IntToDoubleFunction reference = i -> switch (rule.name()) {
                case "jumprelu" -> ArchitectureReference.jumpReluLoss(stack, i, input, y, L1[i]);
                case "gated" -> ArchitectureReference.gatedLoss(stack, i, input, y, L1[i], frozenRows[i], frozenBias[i]);
                default -> SaeReference.loss(stack, i, input, y, L1[i]) + (stack.architecture() instanceof Matryoshka
                        ? ArchitectureReference.matryoshkaInnerLoss(stack, i, input, y) : 0) + (aux.enabled()
                        ? ArchitectureReference.auxLoss(stack, i, input, dead[i], aux, error[i]) : 0);
            };
            double[] loss = new double[I];
            if (stack.shape().transcoder()) {
                stack.lossAndGradients(x, y, B, L1, new boolean[I], loss);
            } else {
                stack.lossAndGradients(x, L1, new boolean[I], loss);
            }
            for (int i = 0; i < I; i++) {
                assertEquals(reference.applyAsDouble(i), loss[i], 1e-12, "loss " + i);
            }
            DoubleSupplier total = () -> sum(reference);
            String what = kind + " " + rule.name() + (aux.enabled() ? " AuxK" : "") + " point " + point;
            checkGradients(total, what);
            for (LatentParameter p : stack.latentParameters()) {
                if (!p.name().equals(JumpRelu.LOG_THRESHOLD)) {
                    assertClose(p.gradient().dup().data().asDouble(), numericGradient(p.value(), total),
                            p.name() + ", " + what);
                }
            }
        }
    }

    static void copyParameters(SaeStack from, SaeStack to) {
        to.encoder().assign(from.encoder());
        to.decoder().assign(from.decoder());
        to.encoderBias().assign(from.encoderBias());
        to.decoderBias().assign(from.decoderBias());
        for (int k = 0; k < from.latentParameters().size(); k++) {
            to.latentParameters().get(k).value().assign(from.latentParameters().get(k).value());
        }
    }

    /** Random W_enc, W_dec (unit rows unless under weight norm), b_enc, b_dec and a batch with some zeros. */
    private double[] drawCommon(Random random) {
        fill(stack.encoder(), random, 0.8);
        fill(stack.decoder(), random, 1.0);
        if (stack.decoderNorm() != DecoderNorm.WEIGHT_NORM) {
            stack.normaliseDecoder(new boolean[I]);
        }
        fill(stack.encoderBias(), random, 0.3);
        fill(stack.decoderBias(), random, 0.3);
        double[] x = new double[B * stack.inputs()];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble() < 0.3 ? 0.0 : random.nextDouble();
        }
        return x;
    }

    /** A transcoder's targets for a batch: B × d_out values in [−0.5, 1). */
    private double[] drawTarget(Random random) {
        double[] y = new double[B * stack.outputs()];
        for (int k = 0; k < y.length; k++) {
            y[k] = 1.5 * random.nextDouble() - 0.5;
        }
        return y;
    }

    /**
     * W_enc (unless tied: then it is no parameter), b_enc, b_dec and W_dec (tangent part when
     * projected) against differences of {@code total}.
     */
    private void checkGradients(DoubleSupplier total, String what) {
        double[] encoder = stack.gradEncoder().dup().data().asDouble();
        double[] decoder = stack.gradDecoder().dup().data().asDouble();
        double[] encoderBias = stack.gradEncoderBias().dup().data().asDouble();
        double[] decoderBias = stack.gradDecoderBias().dup().data().asDouble();
        if (!stack.tied()) {
            assertClose(encoder, numericGradient(stack.encoder(), total), "dW_enc, " + what);
        }
        assertClose(encoderBias, numericGradient(stack.encoderBias(), total), "db_enc, " + what);
        assertClose(decoderBias, numericGradient(stack.decoderBias(), total), "db_dec, " + what);
        double[] numericDecoder = numericGradient(stack.decoder(), total);
        if (stack.decoderNorm() == DecoderNorm.PROJECTED) {
            numericDecoder = tangent(numericDecoder, stack.decoder().dup().data().asDouble(), stack.outputs());
        }
        assertClose(decoder, numericDecoder, "dW_dec, " + what);
    }

    /** Each row's gradient (rows of length d) without its component along the row. */
    private static double[] tangent(double[] gradient, double[] rows, int d) {
        double[] out = gradient.clone();
        for (int r = 0; r < rows.length / d; r++) {
            double along = 0;
            for (int j = 0; j < d; j++) {
                along += gradient[r * d + j] * rows[r * d + j];
            }
            for (int j = 0; j < d; j++) {
                out[r * d + j] -= along * rows[r * d + j];
            }
        }
        return out;
    }

    private static double[] numericGradient(INDArray parameter, DoubleSupplier total) {
        double[] gradient = new double[(int) parameter.length()];
        for (int k = 0; k < gradient.length; k++) {
            double original = parameter.getDouble(k);
            parameter.putScalar(k, original + STEP);
            double up = total.getAsDouble();
            parameter.putScalar(k, original - STEP);
            double down = total.getAsDouble();
            parameter.putScalar(k, original);
            gradient[k] = (up - down) / (2 * STEP);
        }
        return gradient;
    }

    private static double sum(java.util.function.IntToDoubleFunction perInstance) {
        double total = 0;
        for (int i = 0; i < I; i++) {
            total += perInstance.applyAsDouble(i);
        }
        return total;
    }
}
