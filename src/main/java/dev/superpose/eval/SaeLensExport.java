package dev.superpose.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.superpose.config.BadInputException;
import dev.superpose.config.SaeArchitecture;
import dev.superpose.config.SaeConfig;
import dev.superpose.config.SaeTarget;
import dev.superpose.config.SourceConfig;
import dev.superpose.config.SourceKind;
import dev.superpose.config.TransformerConfig;
import dev.superpose.data.source.SafetensorsFile;
import dev.superpose.data.source.SafetensorsFile.Tensor;
import dev.superpose.data.source.transformer.Hook;
import dev.superpose.model.NamedArray;
import dev.superpose.model.TrialWeights;
import dev.superpose.model.sae.Gated;
import dev.superpose.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes SAEs in SAELens' on-disk format (version 6), one folder per trial:
 * {@code sae_weights.safetensors} with SAELens' parameter names and shapes ({@code W_enc}
 * [d_in, d_sae], {@code W_dec} [d_sae, d_in], {@code b_enc}, {@code b_dec}; {@code threshold} for
 * jumprelu; {@code b_gate}, {@code r_mag}, {@code b_mag} for gated) and {@code cfg.json}, so
 * {@code SAE.load_from_disk(folder)} rebuilds the same encoder and decoder.
 *
 * <p>Architectures map onto SAELens' inference classes: relu → standard; topk → topk (with k);
 * batchtopk and matryoshka (BatchTopK codes) → jumprelu with the learned inference threshold (as
 * SAELens saves its own batchtopk SAEs for inference);
 * jumprelu → jumprelu; gated → gated (the gate bias is b_gate). The per-sample standardisation the
 * SAE was trained on becomes SAELens' run-time normalisation, folded so the encoder sees the same
 * pre-activations: unit-norm rows (‖x‖ = 1) become {@code constant_norm_rescale} (‖x‖ = √d_in),
 * z-scored rows (population std) become {@code layer_norm} (sample std, + 1e-5), by scaling W_enc
 * by 1/c and W_dec, b_dec by c, where c is the ratio of the two normalisations.
 *
 * <p>Transcoders ({@code sae.target} other than input) map onto SAELens' transcoder classes,
 * which read d_in and write {@code d_out} and never subtract b_dec from their input: relu →
 * {@code transcoder}; jumprelu, batchtopk and matryoshka → {@code jumprelu_transcoder} with the
 * threshold. SAELens has no top-k or gated transcoder, so those are refused before anything is
 * written. The metadata names what the transcoder reads ({@code hook_name}) and writes
 * ({@code hook_name_out}).
 */
public final class SaeLensExport {
    /** The SAELens format version whose cfg.json layout (a "metadata" object) this writes. */
    static final String SAE_LENS_VERSION = "6.0.0";
    static final String WEIGHTS_FILE = "sae_weights.safetensors";
    static final String CONFIG_FILE = "cfg.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SaeLensExport() {
    }

    /**
     * Writes {@code dir/<trial_id>/} for every finished trial; returns how many.
     *
     * @throws BadInputException before writing anything, for a transcoder SAELens cannot load
     */
    public static int write(Path dir, List<FinishedTrial> finished) throws IOException {
        for (FinishedTrial trial : finished) {
            requireLoadable(trial.spec().config().sae());
        }
        for (FinishedTrial trial : finished) {
            Path folder = dir.resolve(trial.spec().trialId());
            SaeExport export = of(trial);
            AtomicFiles.write(folder.resolve(WEIGHTS_FILE), out -> SafetensorsFile.write(out, export.tensors(), Map.of()));
            AtomicFiles.write(folder.resolve(CONFIG_FILE), JSON.writeValueAsBytes(export.config()));
        }
        return finished.size();
    }

    /** One SAE's tensors and cfg.json content. */
    record SaeExport(List<Tensor> tensors, Map<String, Object> config) {
    }

    /** SAELens has transcoders with ReLU and JumpReLU codes only. */
    private static void requireLoadable(SaeConfig sae) {
        if (sae.target().transcoder() && (sae.architecture() == SaeArchitecture.TOPK
                || sae.architecture() == SaeArchitecture.GATED)) {
            throw new BadInputException("--format saelens: SAELens has no " + sae.architecture().id() + " transcoder"
                    + " (sae.target = " + sae.target().id() + "); it loads relu transcoders and jumprelu ones (from"
                    + " jumprelu, batchtopk and matryoshka)");
        }
    }

    static SaeExport of(FinishedTrial trial) {
        requireLoadable(trial.spec().config().sae());
        TrialWeights weights = trial.weights();
        SaeArchitecture architecture = trial.spec().config().sae().architecture();
        SaeTarget target = trial.spec().config().sae().target();
        SourceConfig source = trial.spec().config().source();
        NamedArray encoder = weights.get("W_enc");
        int dIn = encoder.dim(0);
        int dSae = encoder.dim(1);
        int dOut = weights.get("W_dec").dim(1);
        double scale = switch (source.standardization()) {
            case NONE -> 1;
            case UNIT_NORM -> Math.sqrt(dIn);
            case ZSCORE -> Math.sqrt((dIn - 1.0) / dIn);
        };
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor("W_enc", new int[]{dIn, dSae}, scaled(encoder.data(), 1 / scale)));
        tensors.add(new Tensor("W_dec", new int[]{dSae, dOut}, scaled(weights.get("W_dec").data(), scale)));
        tensors.add(new Tensor("b_dec", new int[]{dOut}, scaled(weights.get("b_dec").data(), scale)));
        String bias = architecture == SaeArchitecture.GATED ? "b_gate" : "b_enc";
        tensors.add(new Tensor(bias, new int[]{dSae}, weights.get("b_enc").data()));
        if (architecture == SaeArchitecture.JUMPRELU || architecture == SaeArchitecture.BATCHTOPK
                || architecture == SaeArchitecture.MATRYOSHKA) {
            tensors.add(new Tensor("threshold", new int[]{dSae}, weights.get("threshold").data()));
        }
        if (architecture == SaeArchitecture.GATED) {
            tensors.add(new Tensor("r_mag", new int[]{dSae}, weights.get(Gated.MAGNITUDE_SCALE).data()));
            tensors.add(new Tensor("b_mag", new int[]{dSae}, weights.get(Gated.MAGNITUDE_BIAS).data()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        String name = switch (architecture) {
            case RELU -> "standard";
            case TOPK -> "topk";
            case BATCHTOPK, MATRYOSHKA, JUMPRELU -> "jumprelu";
            case GATED -> "gated";
        };
        config.put("architecture", !target.transcoder() ? name
                : name.equals("standard") ? "transcoder" : name + "_transcoder");
        config.put("d_in", dIn);
        config.put("d_sae", dSae);
        if (target.transcoder()) {
            config.put("d_out", dOut);
        }
        if (architecture == SaeArchitecture.TOPK) {
            config.put("k", trial.spec().config().sae().k());
        }
        config.put("dtype", "float32");
        config.put("device", "cpu");
        config.put("apply_b_dec_to_input", !target.transcoder());
        config.put("normalize_activations", switch (source.standardization()) {
            case NONE -> "none";
            case UNIT_NORM -> "constant_norm_rescale";
            case ZSCORE -> "layer_norm";
        });
        config.put("reshape_activations", "none");
        config.put("metadata", metadata(trial));
        return new SaeExport(tensors, config);
    }

    private static Map<String, Object> metadata(FinishedTrial trial) {
        SourceConfig source = trial.spec().config().source();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sae_lens_version", SAE_LENS_VERSION);
        metadata.put("sae_lens_training_version", null);
        if (source.producer() == SourceKind.TRANSFORMER) {
            TransformerConfig t = source.transformer();
            Hook hook = Hook.parse(t.hook()).orElseThrow();
            metadata.put("model_name", t.model().equals(TransformerConfig.MINILM)
                    ? "sentence-transformers/all-MiniLM-L6-v2" : t.model());
            metadata.put("hook_name", hook.transformerLensName());
            metadata.put("hook_layer", hook.layer() < 0 ? 0 : hook.layer());
            metadata.put("hook_head_index", null);
            metadata.put("context_size", t.contextLength());
            metadata.put("prepend_bos", true);
            metadata.put("exclude_special_tokens", true);
            metadata.put("dataset_path", t.text());
            metadata.put("model_weights", t.weights().id());
        } else {
            metadata.put("model_name", "superpose/" + source.kind().id());
            metadata.put("hook_name", readHook(trial.spec().config().sae().target(), source));
            metadata.put("dataset_path", source.path());
        }
        SaeTarget target = trial.spec().config().sae().target();
        if (target.transcoder()) {
            metadata.put("hook_name_out", switch (target) {
                case INPUT -> throw new IllegalStateException("an SAE has no output hook");
                case FFN_OUTPUT -> "ffn.output";
                case TMS_HIDDEN -> "tms.hidden";
                case TMS_OUTPUT -> "tms.output";
            });
            metadata.put("hook_layer_out", 0);
            metadata.put("hook_head_index_out", null);
        }
        metadata.put("superpose_trial", trial.spec().trialId());
        metadata.put("superpose_seed", trial.spec().seed());
        return metadata;
    }

    /** What a generated source's SAE reads: the source's activations, or a transcoder's input. */
    private static String readHook(SaeTarget target, SourceConfig source) {
        return switch (target) {
            case INPUT -> source.kind().id();
            case FFN_OUTPUT -> "ffn.input";
            case TMS_HIDDEN -> "tms.input";
            case TMS_OUTPUT -> "tms.hidden";
        };
    }

    private static float[] scaled(float[] values, double factor) {
        float[] out = values.clone();
        if (factor != 1) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * factor);
            }
        }
        return out;
    }
}
