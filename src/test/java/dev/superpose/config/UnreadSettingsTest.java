package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A setting the user wrote that no trial reads is a warning saying why. */
class UnreadSettingsTest {
    private static final String SAE_OVER_TMS = """
            sweep { name = s, experiment = sae, seeds = [0] }
            source { kind = tms, trial = "t/t0000" }
            sae.latents = 5
            """;

    @TempDir
    Path dir;

    @Test
    void theHiddenSizeOfAnSaeOverATmsTrialIsNotRead() {
        SweepPlan plan = SweepFiles.load(dir, SAE_OVER_TMS, "model.hidden=3");
        assertEquals(List.of("model.hidden = 3 is not read: a tms source takes the hidden size from source.trial's"
                + " weights, a projection source from source.dim; it has no effect"), plan.warnings());
    }

    @Test
    void theModelFeaturesOfAnSaeOverATmsTrialAreRead() {
        assertEquals(List.of(), SweepFiles.load(dir, SAE_OVER_TMS, "model.features=5",
                "data.feature-probability=0.05").warnings());
    }

    @Test
    void modelSettingsOfAnSaeOverSharkeyDataAreNotRead() {
        SweepPlan plan = SweepFiles.load(dir, "sweep { name = s, experiment = sae, seeds = [0] }\n", "model.features=7");
        assertEquals(List.of("model.features = 7 is not read: experiment sae with source.kind = sharkey draws no TMS"
                + " inputs (model and data are read only by a tms or projection source); it has no effect"),
                plan.warnings());
    }

    @Test
    void aProjectionSourceReadsTheModelFeaturesTheDataAndItsDimension() {
        SweepPlan plan = SweepFiles.load(dir, """
                sweep { name = s, experiment = sae, seeds = [0] }
                source { kind = projection, dim = 2 }
                sae.latents = 6
                """, "model.features=3", "data.kind=lomax", "data.lomax-shape=1", "data.feature-probability=1",
                "model.hidden=4");
        assertEquals(List.of("model.hidden = 4 is not read: a tms source takes the hidden size from source.trial's"
                + " weights, a projection source from source.dim; it has no effect"), plan.warnings());
    }

    @Test
    void saeSettingsOfATmsSweepAreNotRead() {
        SweepPlan plan = SweepFiles.load(dir, SweepFiles.MINIMAL, "sae.k=4");
        assertEquals(List.of("sae.k = 4 is not read: experiment tms has no sparse autoencoder (sae and source are read"
                + " by experiment sae); it has no effect"), plan.warnings());
    }

    @Test
    void aSettingOfAnotherDataKindIsNotRead() {
        SweepPlan plan = SweepFiles.load(dir, SweepFiles.MINIMAL + "data { kind = clustered, lomax-shape = 2 }\n");
        assertEquals(List.of("data.lomax-shape = 2 is not read: data.kind = clustered does not read it; it has no effect"),
                plan.warnings());
    }

    @Test
    void aGridAxisNoTrialReadsIsNamedAsAnAxis() {
        SweepPlan plan = SweepFiles.load(dir, SweepFiles.MINIMAL, "grid.train.warmup-steps=[0, 10]");
        assertEquals(List.of("grid axis train.warmup-steps is not read: train.schedule = constant (only warmup-cosine"
                + " warms up); it has no effect"), plan.warnings());
    }

    @Test
    void aSettingSomeTrialsReadIsNoWarning() {
        SweepPlan plan = SweepFiles.load(dir, SweepFiles.MINIMAL + "data.lomax-shape = 2\n",
                "grid.\"data.kind\"=[sparse, lomax]");
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void noPresetSetsAnythingItDoesNotRead() throws IOException {
        Map<String, List<String>> warned = new TreeMap<>();
        List<Path> presets;
        try (Stream<Path> files = Files.list(Path.of("config/sweeps"))) {
            presets = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        assertEquals(23, presets.size(), "the presets: " + presets);
        for (Path preset : presets) {
            List<String> unread = SweepLoader.load(preset, List.of()).warnings().stream()
                    .filter(w -> w.contains("is not read")).toList();
            if (!unread.isEmpty()) {
                warned.put(preset.getFileName().toString(), unread);
            }
        }
        assertEquals(Map.of(), warned);
    }
}
