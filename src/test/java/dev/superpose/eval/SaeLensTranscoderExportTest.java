package dev.superpose.eval;

import dev.superpose.config.BadInputException;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import dev.superpose.config.TrialSpec;
import dev.superpose.data.source.SafetensorsFile.Tensor;
import dev.superpose.model.sae.SaeShape;
import dev.superpose.model.sae.SaeWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transcoders in SAELens' layout: its transcoder classes' names, d_out, no b_dec on the input; the rest refused. */
class SaeLensTranscoderExportTest {
    @TempDir
    Path dir;

    @Test
    void aReluTranscoderIsSaeLensTranscoderWithItsOutputDimension() throws IOException {
        SaeLensExport.SaeExport export = SaeLensExport.of(trial("relu", "tms-output"));
        Map<String, Object> cfg = export.config();
        assertEquals("transcoder", cfg.get("architecture"));
        assertEquals(3, cfg.get("d_in"));
        assertEquals(4, cfg.get("d_sae"));
        assertEquals(2, cfg.get("d_out"));
        assertEquals(false, cfg.get("apply_b_dec_to_input"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) cfg.get("metadata");
        assertEquals("tms.hidden", metadata.get("hook_name"));
        assertEquals("tms.output", metadata.get("hook_name_out"));
        assertArrayEquals(new int[]{3, 4}, tensor(export, "W_enc").shape());
        assertArrayEquals(new int[]{4, 2}, tensor(export, "W_dec").shape());
        assertArrayEquals(new int[]{2}, tensor(export, "b_dec").shape());
    }

    @Test
    void batchTopKTranscodersAreJumpReluTranscodersAndAnSaeKeepsItsLayout() throws IOException {
        Map<String, Object> cfg = SaeLensExport.of(trial("batchtopk", "ffn-output")).config();
        assertEquals("jumprelu_transcoder", cfg.get("architecture"));
        Map<String, Object> sae = SaeLensExport.of(trial("relu", "input")).config();
        assertEquals("standard", sae.get("architecture"));
        assertEquals(true, sae.get("apply_b_dec_to_input"));
        assertFalse(sae.containsKey("d_out"));
    }

    @Test
    void topKAndGatedTranscodersAreRefusedBeforeAnythingIsWritten() throws IOException {
        FinishedTrial relu = trial("relu", "tms-hidden");
        FinishedTrial topk = trial("topk", "tms-hidden");
        Path out = dir.resolve("saelens");
        BadInputException e = assertThrows(BadInputException.class, () -> SaeLensExport.write(out, List.of(relu, topk)));
        assertEquals("--format saelens: SAELens has no topk transcoder (sae.target = tms-hidden); it loads relu"
                + " transcoders and jumprelu ones (from jumprelu, batchtopk and matryoshka)", e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static Tensor tensor(SaeLensExport.SaeExport export, String name) {
        return export.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** A finished trial of {@code architecture} with 4 latents reading 3 and writing 2 dimensions (3 and 3 for an SAE). */
    private FinishedTrial trial(String architecture, String target) throws IOException {
        String source = switch (target) {
            case "ffn-output" -> "source { kind = ffn }";
            case "input" -> "";
            default -> "source { kind = tms, trial = \"toy/t0000\" }";
        };
        Path file = Files.writeString(dir.resolve(architecture + "-" + target + ".conf"), """
                sweep { name = t, experiment = sae, seeds = [0] }
                sae { architecture = %s, latents = 4, k = 1, target = %s, encoder-from-decoder = false }
                %s
                """.formatted(architecture, target, source));
        TrialConfig config = SweepLoader.load(file, List.of()).trials().get(0).config();
        boolean transcoder = config.sae().target().transcoder();
        SaeShape shape = transcoder ? SaeShape.transcoder(3, 2) : SaeShape.autoencoder(3);
        SaeWeights weights = SaeWeights.initial(1, shape, 4, false, new double[shape.outputs()]);
        if (!architecture.equals("relu")) {
            weights = new SaeWeights(shape.inputs(), shape.outputs(), 4, weights.encoderRows(), weights.decoderRows(),
                    weights.encoderBias(), weights.decoderBias(), new float[]{0.1f, 0.2f, 0.3f, 0.4f}, List.of());
        }
        assertTrue(transcoder == !target.equals("input"));
        return new FinishedTrial(new TrialSpec("t0000", 0, 0, Map.of(), config), null, weights.toTrialWeights());
    }
}
