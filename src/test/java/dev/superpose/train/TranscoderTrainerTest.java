package dev.superpose.train;

import dev.superpose.analysis.sae.DictionaryMatch;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import dev.superpose.data.source.Activations;
import dev.superpose.data.source.SaeData;
import dev.superpose.data.source.SaeDataKey;
import dev.superpose.data.source.SaeDataLoader;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.Architecture;
import dev.superpose.model.sae.AuxK;
import dev.superpose.model.sae.CodePath;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Gated;
import dev.superpose.model.sae.JumpRelu;
import dev.superpose.model.sae.Matryoshka;
import dev.superpose.model.sae.Relu;
import dev.superpose.model.sae.Resampling;
import dev.superpose.model.sae.SaeOptions;
import dev.superpose.model.sae.SaeShape;
import dev.superpose.model.sae.SaeWeights;
import dev.superpose.model.sae.TopK;
import dev.superpose.config.Optimizer;
import dev.superpose.config.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.superpose.train.SaeStackTrainerTest.pool;
import static dev.superpose.train.SaeStackTrainerTest.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transcoders through the trainer: stack invariance and bit-identical resume (resampling too) on
 * pairs (x, y = f(x)), the exported shapes, and on the ffn source the recovery of the known
 * features ffn(d_i) of the base's true features d_i.
 */
class TranscoderTrainerTest {
    private static final int D_IN = 8;
    private static final int D_OUT = 5;
    private static final int LATENTS = 16;
    private static final int BATCH = 32;
    private static final int STEPS = 30;

    static Stream<Arguments> variants() {
        SaeOptions plain = new SaeOptions(DecoderNorm.PROJECTED, false, DecoderBiasInit.GEOMETRIC_MEDIAN);
        SaeOptions aux = plain.withAuxK(new AuxK(4, 1.0 / 32), 3);
        return Stream.of(Arguments.of(new Relu(), plain.withResampling(Resampling.ANTHROPIC, 10, 3)),
                Arguments.of(new TopK(4), aux), Arguments.of(new Matryoshka(4, 0.9, List.of(4, 8)), aux),
                Arguments.of(new JumpRelu(0.05, 0.05), plain.withResampling(Resampling.SIMPLE, 10, 3)),
                Arguments.of(new Gated(), new SaeOptions(DecoderNorm.WEIGHT_NORM, false, DecoderBiasInit.MEAN)),
                // too small for the automatic choice to go dense: two forced onto the dense path
                Arguments.of(new TopK(4), aux.withCodePath(CodePath.DENSE)),
                Arguments.of(new Gated(), new SaeOptions(DecoderNorm.WEIGHT_NORM, false, DecoderBiasInit.MEAN)
                        .withCodePath(CodePath.DENSE)));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void anInstanceTrainsTheSameAloneAsInAStack(Architecture rule, SaeOptions options) {
        SaeTrainerContract.assertStackInvariant(specs -> trainer(rule, options, specs), STEPS);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void resumingIsBitIdentical(Architecture rule, SaeOptions options) {
        SaeTrainerContract.assertResumeIsExact(specs -> trainer(rule, options, specs), STEPS);
    }

    /** W_enc reads d_in, W_dec and b_dec write d_out; training lowers the targets' held-out error. */
    @Test
    void aTranscoderExportsBothSpacesAndLearnsTheMap() {
        Activations x = pool(11);
        Activations y = targets(x);
        try (SaeStackTrainer trainer = trainer(new TopK(4), new SaeOptions(DecoderNorm.PROJECTED, false,
                DecoderBiasInit.MEAN), List.of(new SaeInstanceSpec(1, 0.0, 1e-2)))) {
            double before = error(trainer, x, y);
            train(trainer, STEPS);
            TrialWeights w = trainer.weights(0);
            assertArrayEquals(new int[]{D_IN, LATENTS}, w.get("W_enc").shape());
            assertArrayEquals(new int[]{LATENTS, D_OUT}, w.get("W_dec").shape());
            assertArrayEquals(new int[]{D_OUT}, w.get("b_dec").shape());
            SaeWeights read = SaeWeights.from(w);
            assertEquals(D_IN, read.inputs());
            assertEquals(D_OUT, read.outputs());
            double after = error(trainer, x, y);
            assertTrue(after < 0.8 * before, before + " -> " + after);
        }
    }

    /**
     * The easy case: 4 true features in 8 dimensions, rarely more than one per sample
     * (mean-active 0.3), through the ffn source's He MLP (no biases, so ffn(a·d_i) = a·ffn(d_i)):
     * a top-1 transcoder x → ffn(x) with 12 latents and AuxK finds every ffn(d_i) (the loader's
     * known features) among its decoder rows. Seeds 0 to 3 reach MMCS 0.971 to 0.981; more
     * features per sample (mean-active 0.5) about 0.92 to 0.94, the co-occurring pairs of the
     * correlated source drawing latents of their own; a relu transcoder's L1 tilts the rows (≈ 0.94).
     */
    @Test
    void aTranscoderOnTheFfnSourceRecoversTheImagesOfTheTrueFeatures(@TempDir Path home) throws IOException {
        Path file = Files.writeString(home.resolve("ffn.conf"), """
                sweep { name = ffn-transcoder, experiment = sae, seeds = [0] }
                sae { architecture = topk, k = 1, latents = 12, aux-k = 4, dead-window = 100, l1-coefficient = 0,
                      target = ffn-output, encoder-from-decoder = false, decoder-bias-init = zero }
                source { kind = ffn, base = sharkey, dim = 8, features = 4, mean-active = 0.3, samples = 20000,
                         seed = 5 }
                train { steps = 3000, batch-size = 64, lr = 3e-3, log-every = 1000 }
                """);
        TrialConfig config = SweepLoader.load(file, List.of()).trials().get(0).config();
        SaeData data = new SaeDataLoader(home).load(SaeDataKey.of(config));
        assertEquals(8, data.dim());
        assertEquals(8, data.targetDim());
        float[] truth = data.truth().orElseThrow().directions();
        float[] decoder;
        try (StackTrainer trainer = StackTrainers.create(List.of(config), home)) {
            while (trainer.stepsDone() < config.train().steps()) {
                trainer.step();
            }
            decoder = SaeWeights.from(trainer.weights(0)).decoderRows();
        }
        double mmcs = DictionaryMatch.of(decoder, truth, 8).mmcs();
        assertTrue(mmcs > 0.96, "MMCS against ffn(d_i): " + mmcs);
    }

    private static double error(SaeStackTrainer trainer, Activations x, Activations y) {
        float[] xhat = trainer.encode(0, x.values(), x.rows()).reconstructions();
        double sum = 0;
        for (int k = 0; k < xhat.length; k++) {
            sum += Math.pow(xhat[k] - y.values()[k], 2);
        }
        return sum;
    }

    /** y = ReLU(M·x) + c for a fixed M [d_out, d_in]: another activation, a function of x. */
    private static Activations targets(Activations x) {
        float[] y = new float[x.rows() * D_OUT];
        for (int r = 0; r < x.rows(); r++) {
            for (int o = 0; o < D_OUT; o++) {
                double sum = 0.1 * o;
                for (int j = 0; j < D_IN; j++) {
                    sum += Math.sin(1.0 + o * D_IN + j) * x.get(r, j);
                }
                y[r * D_OUT + o] = (float) Math.max(sum, 0);
            }
        }
        return new Activations(x.rows(), D_OUT, y);
    }

    private static SaeStackTrainer trainer(Architecture rule, SaeOptions options, List<SaeInstanceSpec> instances) {
        SaeStackSpec spec = new SaeStackSpec(rule, SaeShape.transcoder(D_IN, D_OUT), LATENTS, options, BATCH, STEPS,
                Optimizer.ADAM, Schedule.COSINE, 0, 10, 42);
        Activations x = pool(5);
        return new SaeStackTrainer(spec, instances, x, targets(x), 2);
    }
}
