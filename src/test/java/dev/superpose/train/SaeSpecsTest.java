package dev.superpose.train;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sparsity coefficient each SAE of a stack trains with. */
class SaeSpecsTest {
    @TempDir
    Path dir;

    private TrialConfig trial(String sae) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), "sweep { name = s, experiment = sae, seeds = [0] }\nsae { "
                + sae + " }\n");
        return SweepLoader.load(file, List.of()).trials().get(0).config();
    }

    @Test
    void aMeanReducedL1IsTheSumsCoefficientOverTheLatentCount() throws IOException {
        // λ · mean_l |z_l| = (λ / L) · Σ_l |z_l|: the study's trainer.py with λ = 0.01 and 512 latents
        assertEquals(0.01 / 512, SaeSpecs.instances(List.of(trial("l1-coefficient = 0.01, l1-reduction = mean")), 512)
                .get(0).sparsityCoefficient(), 1e-18);
        assertEquals(0.01, SaeSpecs.instances(List.of(trial("l1-coefficient = 0.01")), 512).get(0).sparsityCoefficient());
        // an L0 penalty has no reduction over latents to change
        assertEquals(0.5, SaeSpecs.instances(List.of(trial("architecture = jumprelu, l0-coefficient = 0.5,"
                + " l1-reduction = mean")), 512).get(0).sparsityCoefficient());
    }
}
