package dev.superpose.data.source;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's controls (l1_coef.py): scalar gaussian, PyTorch-initialised ffn, both, and data per seed. */
class StudyControlsTest {
    private static final String SHARKEY = "dim = 6, features = 8, mean-active = 2, samples = 400, recipe = study";

    @TempDir
    Path home;

    private List<TrialConfig> trials(String source, String seeds) throws IOException {
        Path file = home.resolve("sae.conf");
        Files.writeString(file, "sweep { name = s, experiment = sae, seeds = " + seeds + " }\nsource { " + source
                + " }\n");
        return SweepLoader.load(file, List.of()).trials().stream().map(t -> t.config()).toList();
    }

    private SaeData load(String source) throws IOException {
        return new SaeDataLoader(home).load(SaeDataKey.of(trials(source, "[0]").get(0)));
    }

    @Test
    void aScalarGaussianHasOneMeanAndStdOverAllValues() {
        // values 0, 2, 4, 6: mean 3, std (ddof 1) √(20/3)
        Activations reference = new Activations(2, 2, new float[]{0, 2, 4, 6});
        Activations drawn = GaussianSource.matchingScalar(reference, 1).draw(0, 50_000);
        for (int column = 0; column < 2; column++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < drawn.rows(); r++) {
                sum += drawn.get(r, column);
                squares += drawn.get(r, column) * drawn.get(r, column);
            }
            double mean = sum / drawn.rows();
            assertEquals(3, mean, 0.05, "column " + column);
            assertEquals(20.0 / 3, squares / drawn.rows() - mean * mean, 0.15, "column " + column);
        }
    }

    @Test
    void thePytorchFfnPushesTheTrueFeaturesThroughTheSameMlp() throws IOException {
        SaeData sharkey = load("kind = sharkey, " + SHARKEY);
        SaeData ffn = load("kind = ffn, base = sharkey, ffn-init = pytorch, " + SHARKEY);
        SharkeySource source = new SharkeySource(6, 8, 0.99, 2, dev.superpose.config.SourceConfig.SharkeyRecipe.STUDY,
                0);
        FfnSource mlp = new FfnSource(source, dev.superpose.config.SourceConfig.FfnInit.PYTORCH, 0);
        GroundTruth truth = source.groundTruth().orElseThrow();
        GroundTruth expected = GroundTruth.normalized(8, 6,
                mlp.apply(new Activations(8, 6, truth.directions())).values(), "expected");
        assertTrue(Arrays.equals(expected.directions(), ffn.truth().orElseThrow().directions()));
        assertFalse(Arrays.equals(truth.directions(), ffn.truth().orElseThrow().directions()));
        // the biases make the MLP affine, not linear: a zero sample comes out as W₂ relu(b₁) + b₂ ≠ 0
        float[] zero = mlp.apply(new Activations(1, 6, new float[6])).values();
        assertTrue(Arrays.stream(new double[]{zero[0], zero[1], zero[2]}).anyMatch(v -> v != 0));
        assertEquals(sharkey.train().rows(), ffn.train().rows());
        assertFalse(load("kind = ffn, base = sharkey, " + SHARKEY).truth().isPresent(), "he keeps today's form");
    }

    @Test
    void gaussianThroughTheFfnHasNoGroundTruth() throws IOException {
        SaeData both = load("kind = gaussian-ffn, base = sharkey, gaussian-moments = scalar, ffn-init = pytorch, "
                + SHARKEY);
        assertFalse(both.truth().isPresent());
        SaeData gaussian = load("kind = gaussian, base = sharkey, gaussian-moments = scalar, ffn-init = pytorch, "
                + SHARKEY);
        assertFalse(Arrays.equals(gaussian.train().values(), both.train().values()));
    }

    @Test
    void withSeedTrialEachSeedDrawsItsOwnData() throws IOException {
        List<TrialConfig> perTrial = trials("kind = sharkey, seed = trial, " + SHARKEY, "[0, 1]");
        SaeDataKey first = SaeDataKey.of(perTrial.get(0));
        SaeDataKey second = SaeDataKey.of(perTrial.get(1));
        assertNotEquals(first, second);
        assertEquals(1, second.source().seed());
        SaeDataLoader loader = new SaeDataLoader(home);
        assertFalse(Arrays.equals(loader.load(first).train().values(), loader.load(second).train().values()));
        List<TrialConfig> shared = trials("kind = sharkey, " + SHARKEY, "[0, 1]");
        assertEquals(SaeDataKey.of(shared.get(0)), SaeDataKey.of(shared.get(1)));
    }
}
