package dev.superpose.config;

import dev.superpose.model.sae.DecoderBiasInit;
import dev.superpose.model.sae.DecoderNorm;
import dev.superpose.model.sae.Initialisation;
import dev.superpose.model.sae.InputNormalization;
import dev.superpose.model.sae.Resampling;
import dev.superpose.config.SourceConfig.Standardization;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;

import java.util.regex.Pattern;

/**
 * Reads and validates the {@code sae} and {@code source} sections of one grid point. Like
 * {@link PointReader}, it range-checks every setting whatever the experiment, so a typo is caught
 * before it is swept in; checks that relate settings apply to the kinds that read them.
 */
final class SaeReader {
    private static final Pattern HOOK = Pattern.compile("embed|token-embeddings|(attn|mlp|resid)\\.\\d{1,3}");
    private SaeReader() {
    }

    static SaeConfig sae(Settings s) {
        SaeArchitecture architecture = s.oneOf("sae.architecture", SaeArchitecture.values(), SaeArchitecture::id);
        int latents = s.integer("sae.latents", 1);
        int expansion = s.integer("sae.expansion", 0);
        // with an expansion the dictionary size is known only once the source is read
        int k = architecture.usesK() && expansion == 0
                ? s.integerIn("sae.k", 1, latents, "an integer in [1, sae.latents = " + latents + "] for sae.architecture = "
                + architecture.id())
                : s.integer("sae.k", 1);
        double l1 = s.number("sae.l1-coefficient", x -> x >= 0, "a number >= 0");
        if (architecture == SaeArchitecture.JUMPRELU && l1 != SweepLoader.defaults().getDouble("sae.l1-coefficient")) {
            // jumprelu's λ weighs an L0: taking an L1 weight for it would change its meaning unseen
            throw new SettingException("sae.l1-coefficient", "its default for sae.architecture = jumprelu, whose"
                    + " penalty is an L0 (set sae.l0-coefficient)", String.valueOf(l1));
        }
        double l0 = s.number("sae.l0-coefficient", x -> x >= 0, "a number >= 0");
        boolean tied = s.bool("sae.tied");
        boolean encoderFromDecoder = s.bool("sae.encoder-from-decoder");
        DecoderNorm norm = s.oneOf("sae.decoder-norm", DecoderNorm.values(), DecoderNorm::id);
        DecoderBiasInit biasInit = s.oneOf("sae.decoder-bias-init", DecoderBiasInit.values(), DecoderBiasInit::id);
        int deadWindow = s.integer("sae.dead-window", 1);
        Resampling resampling = s.oneOf("sae.resample", Resampling.values(), Resampling::id);
        int resampleEvery = s.integer("sae.resample-every", 1);
        int auxK = s.integerIn("sae.aux-k", 0, latents, "an integer in [0, sae.latents = " + latents + "]");
        if (auxK > 0 && !architecture.usesK()) {
            // AuxK needs the top-k machinery; silently ignoring it would mislead
            throw new SettingException("sae.aux-k", "0 for sae.architecture = " + architecture.id()
                    + " (AuxK applies to topk, batchtopk and matryoshka)", String.valueOf(auxK));
        }
        double auxCoefficient = s.number("sae.aux-coefficient", x -> x >= 0, "a number >= 0");
        double bandwidth = s.number("sae.jumprelu-bandwidth", x -> x > 0, "a number > 0");
        double threshold = s.number("sae.jumprelu-threshold", x -> x > 0, "a number > 0");
        SaeConfig.L1Reduction reduction = s.oneOf("sae.l1-reduction", SaeConfig.L1Reduction.values(),
                SaeConfig.L1Reduction::id);
        List<Integer> prefixes = prefixes(s, architecture == SaeArchitecture.MATRYOSHKA && expansion == 0 ? latents
                : Integer.MAX_VALUE);
        InputNormalization normalization = s.oneOf("sae.input-normalization", InputNormalization.values(),
                InputNormalization::id);
        if (normalization == InputNormalization.PER_SAMPLE
                && (architecture == SaeArchitecture.GATED || architecture == SaeArchitecture.MATRYOSHKA || auxK > 0)) {
            // their own reconstruction terms would compare standardised rows while the main loss compares raw ones
            throw new SettingException("sae.input-normalization", "none for " + (auxK > 0 ? "sae.aux-k > 0"
                    : "sae.architecture = " + architecture.id()) + " (per-sample applies to relu, topk, batchtopk and"
                    + " jumprelu without AuxK)", "\"per-sample\"");
        }
        Initialisation init = s.oneOf("sae.init", Initialisation.values(), Initialisation::id);
        if (init == Initialisation.STUDY && tied) {
            throw new SettingException("sae.init", "unit-rows for sae.tied = true (the study's encoder is its own"
                    + " nn.Linear)", "\"study\"");
        }
        SaeTarget target = s.oneOf("sae.target", SaeTarget.values(), SaeTarget::id);
        if (target.transcoder() && (tied || encoderFromDecoder)) {
            // its encoder reads another activation than its decoder writes: no transpose relates them
            throw new SettingException(tied ? "sae.tied" : "sae.encoder-from-decoder", "false for a transcoder"
                    + " (sae.target = " + target.id() + "), whose encoder reads another activation than its decoder"
                    + " writes", "true");
        }
        if (target.transcoder() && normalization != InputNormalization.NONE) {
            // the reconstruction would be de-standardised with the input's statistics, not the target's
            throw new SettingException("sae.input-normalization", "none for a transcoder (sae.target = "
                    + target.id() + ")", "\"" + normalization.id() + "\"");
        }
        if (target.transcoder() && init != Initialisation.UNIT_ROWS) {
            throw new SettingException("sae.init", "unit-rows for a transcoder (sae.target = " + target.id()
                    + "; the study's init is an SAE's)", "\"" + init.id() + "\"");
        }
        return new SaeConfig(architecture, latents, expansion, k, l1, l0, tied, encoderFromDecoder, norm, biasInit, deadWindow,
                resampling, resampleEvery, auxK, auxCoefficient, bandwidth, threshold, reduction, prefixes,
                normalization, init, s.oneOf("sae.last-batch", SaeConfig.LastBatch.values(), SaeConfig.LastBatch::id),
                target, s.number("sae.resample-scale", x -> x > 0 && Double.isFinite(x), "a number > 0"),
                s.number("sae.resample-encoder-scale", x -> x > 0 && Double.isFinite(x), "a number > 0"),
                s.bool("sae.resample-reset-adam"));
    }

    /**
     * What a transcoder needs of its source: one that has the activation pair, and rows as the
     * network made them (a per-row standardisation would scale x and y apart, breaking y = f(x)).
     */
    static void checkTarget(SaeConfig sae, SourceConfig source) {
        SaeTarget target = sae.target();
        if (!target.fits(source.kind())) {
            throw new SettingException("source.kind", target.sourceKinds() + " for sae.target = " + target.id()
                    + " (" + target.description() + ")", "\"" + source.kind().id() + "\"");
        }
        if (target.transcoder() && source.standardization() != SourceConfig.Standardization.NONE) {
            throw new SettingException("source.standardize", "none for a transcoder (sae.target = " + target.id()
                    + "): scaling its input and target rows apart would break target = f(input)",
                    "\"" + source.standardization().id() + "\"");
        }
    }

    /** {@code sae.matryoshka-prefixes}: strictly increasing integers in [1, {@code latents}]. */
    private static List<Integer> prefixes(Settings s, int latents) {
        String path = "sae.matryoshka-prefixes";
        String expectation = "a non-empty list of strictly increasing integers in [1, "
                + (latents == Integer.MAX_VALUE ? "sae.latents" : "sae.latents = " + latents) + "]";
        List<Integer> prefixes = new ArrayList<>();
        for (ConfigValue value : s.nonEmptyList(path, expectation)) {
            Long size = Settings.integralValue(value);
            if (size == null || size < 1 || size > latents
                    || !prefixes.isEmpty() && size <= prefixes.get(prefixes.size() - 1)) {
                throw new SettingException(path, expectation, Settings.render(s.valueOrNull(path)));
            }
            prefixes.add(size.intValue());
        }
        return prefixes;
    }

    static SourceConfig source(Settings s, boolean sae) {
        SourceKind kind = s.oneOf("source.kind", SourceKind.values(), SourceKind::id);
        SourceKind base = s.oneOf("source.base", SourceKind.values(), SourceKind::id);
        if (sae && kind.derived() && base.derived()) {
            throw new SettingException("source.base", "a source that produces data (tms, sharkey, projection, glove or npy) for"
                    + " source.kind = " + kind.id(), "\"" + base.id() + "\"");
        }
        SourceKind producer = kind.derived() ? base : kind;
        String trial = s.optionalString("source.trial", "\"<sweep>/<trial_id>\"");
        if (sae && producer == SourceKind.TMS && (trial == null || !trial.matches("[^/]+/[^/]+"))) {
            throw new SettingException("source.trial", "\"<sweep>/<trial_id>\" of a finished TMS trial for a tms"
                    + " source", trial == null ? "nothing" : "\"" + trial + "\"");
        }
        int dim = s.integer("source.dim", 1);
        int features = s.integer("source.features", 1);
        boolean sharkey = sae && producer == SourceKind.SHARKEY;
        double meanActive = s.number("source.mean-active", x -> x > 0 && (!sharkey || x <= features),
                sharkey ? "a number in (0, source.features = " + features + "]" : "a number > 0");
        double decay = s.number("source.probability-decay", x -> x > 0 && x <= 1, "a number in (0, 1]");
        int samples = s.integer("source.samples", 2);
        String path = s.optionalString("source.path", "a file path");
        if (sae && (producer == SourceKind.GLOVE || producer == SourceKind.NPY || producer == SourceKind.SAFETENSORS)
                && path == null) {
            throw new SettingException("source.path", "the " + producer.id() + " file to read", "nothing");
        }
        Standardization standardization = s.oneOf("source.standardize", Standardization.values(), Standardization::id);
        double testFraction = s.number("source.test-fraction", x -> x >= 0 && x < 1, "a number in [0, 1)");
        // "trial": the study regenerates its data from every trial's seed
        boolean seedPerTrial = "trial".equals(s.valueOrNull("source.seed") == null ? null
                : s.valueOrNull("source.seed").unwrapped());
        long seed = seedPerTrial ? 0 : s.longInteger("source.seed", "an integer, or \"trial\" for each trial's seed");
        SourceConfig.SharkeyRecipe recipe = s.oneOf("source.recipe", SourceConfig.SharkeyRecipe.values(),
                SourceConfig.SharkeyRecipe::id);
        SourceConfig.GaussianMoments moments = s.oneOf("source.gaussian-moments",
                SourceConfig.GaussianMoments.values(), SourceConfig.GaussianMoments::id);
        SourceConfig.FfnInit ffnInit = s.oneOf("source.ffn-init", SourceConfig.FfnInit.values(),
                SourceConfig.FfnInit::id);
        String tensor = s.optionalString("source.tensor", "a tensor name");
        return new SourceConfig(kind, base, trial, dim, features, meanActive, decay, samples, path, standardization,
                testFraction, seed, recipe, moments, ffnInit, seedPerTrial, tensor, transformer(s));
    }


    private static TransformerConfig transformer(Settings s) {
        String model = s.string("source.model", "\"" + TransformerConfig.MINILM + "\" or an ONNX file path");
        String tokenizer = s.optionalString("source.tokenizer", "a tokenizer.json path");
        TransformerWeights weights = s.oneOf("source.weights", TransformerWeights.values(), TransformerWeights::id);
        String hook = s.string("source.hook", "a hook name");
        if (!HOOK.matcher(hook).matches()) {
            throw new SettingException("source.hook", "embed, attn.K, mlp.K, resid.K (K a block index) or"
                    + " token-embeddings", "\"" + hook + "\"");
        }
        String text = s.string("source.text", "\"" + TransformerConfig.EUROPARL + "\" or a .txt / .jsonl file path");
        int context = s.integerIn("source.context-length", 3, 4096, "an integer in [3, 4096]");
        int tokens = s.integer("source.tokens", 1);
        return new TransformerConfig(model, tokenizer, weights, hook, text, context, tokens);
    }
}
