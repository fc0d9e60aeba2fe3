package dev.superpose.config;

import dev.superpose.config.SourceConfig.Standardization;
import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Resampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The sae and source sections: read with their defaults, validated with clear messages, griddable. */
class SaeSettingsTest {
    private static final String SAE = "sweep { name = test, experiment = sae, seeds = [0] }\n";
    private static final TransformerConfig DEFAULT_TRANSFORMER = new TransformerConfig(TransformerConfig.MINILM, null,
            TransformerWeights.TRAINED, "resid.3", TransformerConfig.EUROPARL, 128, 100000);

    @TempDir
    Path dir;

    private TrialConfig trial(String settings) {
        return SweepFiles.load(dir, SAE + settings + "\n").trials().get(0).config();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        TrialConfig c = trial("");
        assertEquals(new SaeConfig(SaeArchitecture.RELU, 512, 0, 8, 1e-3, 1e-3, false, true, DecoderNorm.PROJECTED,
                DecoderBiasInit.GEOMETRIC_MEDIAN, 1000, Resampling.NONE, 2500, 0, 0.03125, 0.001, 0.001, SaeConfig.L1Reduction.SUM,
                List.of(32, 128), InputNormalization.NONE, Initialisation.UNIT_ROWS,
                SaeConfig.LastBatch.DROP, SaeTarget.INPUT, 0.2, 1, true), c.sae());
        assertEquals(new SourceConfig(SourceKind.SHARKEY, SourceKind.SHARKEY, null, 256, 512, 5, 0.99, 10000, null,
                Standardization.NONE, 0.1, 0, SourceConfig.SharkeyRecipe.COPULA, SourceConfig.GaussianMoments.PER_DIMENSION,
                SourceConfig.FfnInit.HE, false, null, DEFAULT_TRANSFORMER), c.source());
    }

    @Test
    void everySettingIsRead() {
        TrialConfig c = trial("""
                sae { architecture = batchtopk, latents = 64, expansion = 2, k = 4, l1-coefficient = 0, l0-coefficient = 0.5,
                      tied = true,
                      encoder-from-decoder = false, decoder-norm = weight-norm, decoder-bias-init = zero,
                      dead-window = 50, resample = anthropic, resample-every = 200, aux-k = 32,
                      aux-coefficient = 0.1, jumprelu-bandwidth = 0.01, jumprelu-threshold = 0.05, l1-reduction = mean,
                      matryoshka-prefixes = [8, 16], resample-scale = 0.5, resample-encoder-scale = 0.5,
                      resample-reset-adam = false }
                source { kind = ffn, base = npy, path = acts.npy, standardize = unit-norm, test-fraction = 0,
                         seed = 7, recipe = study, gaussian-moments = scalar, ffn-init = pytorch }
                """);
        assertEquals(new SaeConfig(SaeArchitecture.BATCHTOPK, 64, 2, 4, 0, 0.5, true, false, DecoderNorm.WEIGHT_NORM,
                DecoderBiasInit.ZERO, 50, Resampling.ANTHROPIC, 200, 32, 0.1, 0.01, 0.05, SaeConfig.L1Reduction.MEAN,
                List.of(8, 16), InputNormalization.NONE, Initialisation.UNIT_ROWS,
                SaeConfig.LastBatch.DROP, SaeTarget.INPUT, 0.5, 0.5, false), c.sae());
        assertEquals(new SourceConfig(SourceKind.FFN, SourceKind.NPY, null, 256, 512, 5, 0.99, 10000, "acts.npy",
                Standardization.UNIT_NORM, 0, 7, SourceConfig.SharkeyRecipe.STUDY, SourceConfig.GaussianMoments.SCALAR,
                SourceConfig.FfnInit.PYTORCH, false, null, DEFAULT_TRANSFORMER), c.source());
        assertEquals(SourceKind.NPY, c.source().producer());
    }

    @Test
    void theStudysSaeFormsAreRead() {
        SaeConfig sae = trial("""
                sae { input-normalization = per-sample, init = study, decoder-norm = renormalise,
                      decoder-bias-init = none, encoder-from-decoder = false, last-batch = keep }
                """).sae();
        assertEquals(List.of(InputNormalization.PER_SAMPLE, Initialisation.STUDY, DecoderNorm.RENORMALISED,
                DecoderBiasInit.NONE, SaeConfig.LastBatch.KEEP), List.of(sae.inputNormalization(), sae.init(),
                sae.decoderNorm(), sae.decoderBiasInit(), sae.lastBatch()));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("sae.architecture = sparse", "sae.architecture",
                        "expected one of relu, topk, batchtopk, jumprelu, gated, matryoshka, got \"sparse\""),
                arguments("sae.latents = 0", "sae.latents", "expected an integer >= 1, got 0"),
                arguments("sae.expansion = -1", "sae.expansion", "expected an integer >= 0, got -1"),
                arguments("sae { architecture = topk, latents = 16, k = 17 }", "sae.k",
                        "expected an integer in [1, sae.latents = 16] for sae.architecture = topk, got 17"),
                arguments("sae.l1-coefficient = -1", "sae.l1-coefficient", "expected a number >= 0, got -1"),
                arguments("sae.l0-coefficient = -1", "sae.l0-coefficient", "expected a number >= 0, got -1"),
                arguments("sae { architecture = jumprelu, l1-coefficient = 0.5 }", "sae.l1-coefficient",
                        "expected its default for sae.architecture = jumprelu, whose penalty is an L0 (set"
                                + " sae.l0-coefficient), got 0.5"),
                arguments("sae { architecture = matryoshka, latents = 16, matryoshka-prefixes = [4, 4] }",
                        "sae.matryoshka-prefixes", "expected a non-empty list of strictly increasing integers in [1,"
                                + " sae.latents = 16], got [4,4]"),
                arguments("sae { architecture = matryoshka, latents = 16, k = 2, matryoshka-prefixes = [4, 32] }",
                        "sae.matryoshka-prefixes", "expected a non-empty list of strictly increasing integers in [1,"
                                + " sae.latents = 16], got [4,32]"),
                arguments("sae.tied = yes", "sae.tied", "expected true or false, got \"yes\""),
                arguments("sae.aux-k = 16", "sae.aux-k",
                        "expected 0 for sae.architecture = relu (AuxK applies to topk, batchtopk and matryoshka), got 16"),
                arguments("sae { architecture = gated, input-normalization = per-sample }", "sae.input-normalization",
                        "expected none for sae.architecture = gated (per-sample applies to relu, topk, batchtopk and"
                                + " jumprelu without AuxK), got \"per-sample\""),
                arguments("sae { architecture = topk, aux-k = 4, input-normalization = per-sample }",
                        "sae.input-normalization", "expected none for sae.aux-k > 0 (per-sample applies to relu, topk,"
                                + " batchtopk and jumprelu without AuxK), got \"per-sample\""),
                arguments("sae { tied = true, init = study }", "sae.init",
                        "expected unit-rows for sae.tied = true (the study's encoder is its own nn.Linear), got"
                                + " \"study\""),
                arguments("sae.init = torch", "sae.init", "expected one of unit-rows, study, got \"torch\""),
                arguments("sae.resample = sometimes", "sae.resample",
                        "expected one of none, simple, anthropic, got \"sometimes\""),
                arguments("sae.decoder-norm = projected", "sae.decoder-norm",
                        "expected one of unit, weight-norm, renormalise, got \"projected\""),
                arguments("sae.decoder-bias-init = median", "sae.decoder-bias-init",
                        "expected one of geometric-median, mean, zero, none, got \"median\""),
                arguments("sae.input-normalization = per_sample", "sae.input-normalization",
                        "expected one of none, per-sample, got \"per_sample\""),
                arguments("source.kind = wikipedia", "source.kind",
                        "expected one of tms, sharkey, projection, gaussian, ffn, gaussian-ffn, glove, npy, safetensors,"
                                + " transformer, got \"wikipedia\""),
                arguments("source { kind = ffn, base = gaussian }", "source.base",
                        "expected a source that produces data (tms, sharkey, projection, glove or npy) for source.kind = ffn,"
                                + " got \"gaussian\""),
                arguments("source.kind = tms", "source.trial",
                        "expected \"<sweep>/<trial_id>\" of a finished TMS trial for a tms source, got nothing"),
                arguments("source { kind = tms, trial = t0003 }", "source.trial",
                        "expected \"<sweep>/<trial_id>\" of a finished TMS trial for a tms source, got \"t0003\""),
                arguments("source.kind = glove", "source.path", "expected the glove file to read, got nothing"),
                arguments("source { kind = gaussian, base = npy }", "source.path",
                        "expected the npy file to read, got nothing"),
                arguments("source { features = 4, mean-active = 5 }", "source.mean-active",
                        "expected a number in (0, source.features = 4], got 5"),
                arguments("source.test-fraction = 1", "source.test-fraction", "expected a number in [0, 1), got 1"),
                arguments("source.samples = 1", "source.samples", "expected an integer >= 2, got 1"),
                arguments("source.seed = 0.5", "source.seed", "expected an integer, or \"trial\" for each trial's seed, got 0.5"),
                arguments("source.recipe = sharkey", "source.recipe", "expected one of copula, study, got \"sharkey\""),
                arguments("sae.target = residual", "sae.target",
                        "expected one of input, ffn-output, tms-hidden, tms-output, got \"residual\""),
                arguments("sae { target = ffn-output, encoder-from-decoder = false }", "source.kind",
                        "expected ffn or gaussian-ffn for sae.target = ffn-output (the ffn MLP's output from its input),"
                                + " got \"sharkey\""),
                arguments("sae { target = tms-output, encoder-from-decoder = false }\nsource { kind = ffn }",
                        "source.kind", "expected tms for sae.target = tms-output (the toy model's output ReLU(W^T h + b)"
                                + " from its hidden h), got \"ffn\""),
                arguments("sae.target = ffn-output\nsource.kind = ffn", "sae.encoder-from-decoder",
                        "expected false for a transcoder (sae.target = ffn-output), whose encoder reads another"
                                + " activation than its decoder writes, got true"),
                arguments("sae { target = ffn-output, tied = true }\nsource.kind = ffn", "sae.tied",
                        "expected false for a transcoder (sae.target = ffn-output), whose encoder reads another"
                                + " activation than its decoder writes, got true"),
                arguments("sae { target = ffn-output, encoder-from-decoder = false, input-normalization = per-sample }",
                        "sae.input-normalization", "expected none for a transcoder (sae.target = ffn-output), got"
                                + " \"per-sample\""),
                arguments("sae { target = ffn-output, encoder-from-decoder = false, init = study }", "sae.init",
                        "expected unit-rows for a transcoder (sae.target = ffn-output; the study's init is an SAE's),"
                                + " got \"study\""),
                arguments("sae { target = ffn-output, encoder-from-decoder = false }\n"
                                + "source { kind = ffn, standardize = unit-norm }", "source.standardize",
                        "expected none for a transcoder (sae.target = ffn-output): scaling its input and target rows"
                                + " apart would break target = f(input), got \"unit-norm\""));
    }

    @Test
    void aTranscoderTargetIsRead() {
        TrialConfig c = trial("sae { target = tms-hidden, encoder-from-decoder = false }\n"
                + "source { kind = tms, trial = \"toy/t0000\" }");
        assertEquals(SaeTarget.TMS_HIDDEN, c.sae().target());
        assertTrue(c.sae().target().transcoder());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesNameTheSettingAndTheExpectation(String setting, String path, String expectation) {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepFiles.load(dir, SAE + setting + "\n"));
        assertTrue(e.getMessage().contains("test.conf: " + path + ": " + expectation), e.getMessage());
    }

    @Test
    void sourceChecksThatOnlyMatterToSaeSweepsDoNotBindTmsSweeps() {
        TrialConfig c = SweepFiles.load(dir, SweepFiles.MINIMAL + "source.kind = glove\n").trials().get(0).config();
        assertEquals(SourceKind.GLOVE, c.source().kind());
    }

    @Test
    void saeAndSourceSettingsAreGriddable() {
        SweepPlan plan = SweepFiles.load(dir, """
                sweep { name = test, experiment = sae, seeds = [0]
                  grid { "sae.latents" = [16, 32], "sae.l1-coefficient" = { logspace = [-3, -1, 3] } } }
                """);
        assertEquals(List.of(16, 16, 16, 32, 32, 32), plan.trials().stream().map(t -> t.config().sae().latents()).toList());
        assertEquals(1e-2, plan.trials().get(4).config().sae().l1Coefficient(), 1e-15);
    }
}
