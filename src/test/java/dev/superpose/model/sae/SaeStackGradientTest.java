package dev.superpose.model.sae;

import dev.superpose.model.FiniteDifferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-written SAE gradients against central finite differences of the loss, in double precision,
 * for every sparsity rule and both decoder parameterisations; and the loss itself against a
 * direct reference computation. Top-k selections are piecewise constant, so points are drawn
 * until every pre-activation is far (relative to the difference step) from the selection's cut.
 */
class SaeStackGradientTest {
    static final int INSTANCES = 3;
    static final int INPUTS = 4;
    static final int LATENTS = 6;
    static final int BATCH = 5;
    private static final double STEP = 1e-6;
    /** Pre-activations must stay this far apart (and from 0) so a difference step never flips a selection. */
    private static final double MARGIN = 1e-4;

    private SaeStack stack;

    @AfterEach
    void close() {
        stack.close();
    }

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (Architecture activation : List.of(new Relu(), new TopK(2), BatchTopK.of(2))) {
            for (DecoderNorm norm : DecoderNorm.values()) {
                for (CodePath path : List.of(CodePath.SPARSE, CodePath.DENSE)) {
                    all.add(Arguments.of(activation, norm, path));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void handGradientsMatchFiniteDifferences(Architecture activation, DecoderNorm norm, CodePath path) {
        stack = new SaeStack(activation, new SaeOptions(norm, true, DecoderBiasInit.ZERO).withCodePath(path),
                INSTANCES, INPUTS, LATENTS, BATCH, DataType.DOUBLE, 2);
        Random random = new Random(activation.name().hashCode() * 31L + norm.ordinal());
        for (int point = 0; point < 3; point++) {
            double[] x = drawPointAwayFromTies(random, activation);
            double[] l1 = {0.05, 0.3, 0.01};
            boolean[] skip = new boolean[INSTANCES];
            double[] loss = new double[INSTANCES];
            stack.lossAndGradients(x, l1, skip, loss);
            for (int i = 0; i < INSTANCES; i++) {
                assertEquals(SaeReference.loss(stack, i, x, l1[i]), loss[i], 1e-12, "loss of instance " + i);
            }
            double[] handEncoder = stack.gradEncoder().dup().data().asDouble();
            double[] handDecoder = stack.gradDecoder().dup().data().asDouble();
            double[] handEncoderBias = stack.gradEncoderBias().dup().data().asDouble();
            double[] handDecoderBias = stack.gradDecoderBias().dup().data().asDouble();

            assertClose(handEncoder, numericGradient(stack.encoder(), x, l1), "dW_enc at point " + point);
            assertClose(handEncoderBias, numericGradient(stack.encoderBias(), x, l1), "db_enc at point " + point);
            assertClose(handDecoderBias, numericGradient(stack.decoderBias(), x, l1), "db_dec at point " + point);
            // renormalised rows: the renormalisation is outside the graph, so the loss to
            // differentiate uses the rows as they are (the reference's), not the stack's, which renormalises
            double[] numericDecoder = norm == DecoderNorm.RENORMALISED
                    ? numericGradient(stack.decoder(), () -> referenceLoss(x, l1))
                    : numericGradient(stack.decoder(), x, l1);
            if (norm == DecoderNorm.PROJECTED) {
                // The loss sees W_dec unnormalised; the hand gradient is its tangent part.
                numericDecoder = projectRows(numericDecoder, stack.decoder().dup().data().asDouble());
            }
            assertClose(handDecoder, numericDecoder, "dW_dec at point " + point);
        }
    }

    /**
     * Random parameters (unit decoder rows, or rows of norm ≠ 1 under weight norm, where the
     * parameter is free) and inputs, redrawn until no pre-activation sits near a selection cut.
     */
    private double[] drawPointAwayFromTies(Random random, Architecture activation) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            fill(stack.encoder(), random, 0.8);
            fill(stack.decoder(), random, 1.0);
            if (stack.decoderNorm() != DecoderNorm.WEIGHT_NORM) {
                stack.normaliseDecoder(new boolean[INSTANCES]);
            }
            fill(stack.encoderBias(), random, 0.3);
            fill(stack.decoderBias(), random, 0.3);
            double[] x = new double[BATCH * INPUTS];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextDouble() < 0.3 ? 0.0 : random.nextDouble();
            }
            if (SaeReference.selectionMargin(stack, x, activation) > MARGIN) {
                return x;
            }
        }
        throw new AssertionError("no point away from selection ties in 1000 draws");
    }

    static void fill(INDArray target, Random random, double scale) {
        for (long k = 0; k < target.length(); k++) {
            target.putScalar(k, scale * random.nextGaussian());
        }
    }

    private static double[] projectRows(double[] gradient, double[] rows) {
        double[] out = gradient.clone();
        for (int r = 0; r < rows.length / INPUTS; r++) {
            double along = 0;
            for (int j = 0; j < INPUTS; j++) {
                along += gradient[r * INPUTS + j] * rows[r * INPUTS + j];
            }
            for (int j = 0; j < INPUTS; j++) {
                out[r * INPUTS + j] -= along * rows[r * INPUTS + j];
            }
        }
        return out;
    }

    /** d(Σ_i loss_i)/dθ by central differences; instances are independent, so this is dloss_i/dθ_i. */
    private double[] numericGradient(INDArray parameter, double[] x, double[] l1) {
        return numericGradient(parameter, () -> totalLoss(x, l1));
    }

    private double[] numericGradient(INDArray parameter, java.util.function.DoubleSupplier loss) {
        double[] gradient = new double[(int) parameter.length()];
        for (int k = 0; k < gradient.length; k++) {
            double original = parameter.getDouble(k);
            parameter.putScalar(k, original + STEP);
            double up = loss.getAsDouble();
            parameter.putScalar(k, original - STEP);
            double down = loss.getAsDouble();
            parameter.putScalar(k, original);
            gradient[k] = (up - down) / (2 * STEP);
        }
        return gradient;
    }

    private double referenceLoss(double[] x, double[] l1) {
        double sum = 0;
        for (int i = 0; i < INSTANCES; i++) {
            sum += SaeReference.loss(stack, i, x, l1[i]);
        }
        return sum;
    }

    private double totalLoss(double[] x, double[] l1) {
        double[] loss = new double[INSTANCES];
        stack.lossAndGradients(x, l1, new boolean[INSTANCES], loss);
        double sum = 0;
        for (double l : loss) {
            sum += l;
        }
        return sum;
    }

    /** Relative L2 error below 1e-6 (the SAE passes are checked in double precision). */
    static void assertClose(double[] hand, double[] numeric, String what) {
        FiniteDifferences.assertClose(hand, numeric, 1e-6, what);
    }
}
