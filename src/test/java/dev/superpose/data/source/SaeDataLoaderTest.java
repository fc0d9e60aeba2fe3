package dev.superpose.data.source;

import dev.superpose.config.BadInputException;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.TrialConfig;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source section turned into SAE training and test rows, read through a real sweep file. */
class SaeDataLoaderTest {
    @TempDir
    Path home;

    private SaeData load(String settings) throws IOException {
        Path file = home.resolve("sae.conf");
        Files.writeString(file, "sweep { name = s, experiment = sae, seeds = [0] }\n" + settings + "\n");
        TrialConfig c = SweepLoader.load(file, List.of()).trials().get(0).config();
        return new SaeDataLoader(home).load(SaeDataKey.of(c));
    }

    @Test
    void sharkeyRowsAreSplitAndCarryTheDictionary() throws IOException {
        SaeData data = load("source { kind = sharkey, dim = 8, features = 12, mean-active = 2, samples = 200,"
                + " test-fraction = 0.25 }");
        assertEquals(150, data.train().rows());
        assertEquals(50, data.test().rows());
        assertEquals(8, data.dim());
        assertEquals(12, data.truth().orElseThrow().features());
        SaeData again = load("source { kind = sharkey, dim = 8, features = 12, mean-active = 2, samples = 200,"
                + " test-fraction = 0.25 }");
        assertArrayEquals(data.train().values(), again.train().values(), "a pure function of the settings");
    }

    @Test
    void derivedKindsHaveNoGroundTruthAndStandardisationApplies() throws IOException {
        SaeData gaussian = load("source { kind = gaussian, base = sharkey, dim = 4, features = 6, mean-active = 1,"
                + " samples = 100 }");
        assertFalse(gaussian.truth().isPresent());
        SaeData ffn = load("source { kind = ffn, base = sharkey, dim = 4, features = 6, mean-active = 1, samples = 100,"
                + " standardize = unit-norm }");
        assertFalse(ffn.truth().isPresent());
        for (int r = 0; r < ffn.train().rows(); r++) {
            double norm = 0;
            for (int d = 0; d < 4; d++) {
                norm += ffn.train().get(r, d) * ffn.train().get(r, d);
            }
            assertTrue(norm == 0 || Math.abs(norm - 1) < 1e-5, "row " + r + " has squared norm " + norm);
        }
    }

    @Test
    void aRelativeNpyPathIsReadFromTheHomesDataFolder() throws IOException {
        Files.createDirectories(home.resolve("data"));
        float[] values = new float[30];
        for (int k = 0; k < values.length; k++) {
            values[k] = k;
        }
        // an .npz member is a complete .npy file: write one and unpack it by hand
        Path npz = home.resolve("tmp.npz");
        NpzWriter.write(npz, List.of(NpyArray.of("x", new int[]{10, 3}, values)));
        try (var zip = new java.util.zip.ZipFile(npz.toFile())) {
            Files.write(home.resolve("data/acts.npy"), zip.getInputStream(zip.getEntry("x.npy")).readAllBytes());
        }
        SaeData data = load("source { kind = npy, path = acts.npy, test-fraction = 0.2 }");
        assertEquals(8, data.train().rows());
        assertEquals(3, data.dim());
    }

    @Test
    void missingFilesAndTrialsAreNamed() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> load("source { kind = glove, path = glove.6B.50d.txt }"));
        assertTrue(e.getMessage().startsWith("source.path = \"glove.6B.50d.txt\": no such file "
                + home.resolve("data/glove.6B.50d.txt")), e.getMessage());
        e = assertThrows(BadInputException.class, () -> load("source { kind = tms, trial = toy/t0000 }"));
        assertTrue(e.getMessage().contains("no weights at " + home.resolve("models/toy/t0000.npz")), e.getMessage());
    }

    @Test
    void aTmsTrialWithOtherFeaturesThanTheModelSectionIsRejected() throws IOException {
        Files.createDirectories(home.resolve("models/toy"));
        NpzWriter.write(home.resolve("models/toy/t0000.npz"), List.of(
                NpyArray.of("W", new int[]{2, 3}, new float[]{1, 0, 1, 0, 1, 1}),
                NpyArray.of("b_final", new int[]{3}, new float[3])));
        BadInputException e = assertThrows(BadInputException.class,
                () -> load("source { kind = tms, trial = toy/t0000 }\nmodel.features = 5"));
        assertTrue(e.getMessage().contains("has 3 features, but model.features = 5"), e.getMessage());
        SaeData data = load("source { kind = tms, trial = toy/t0000, samples = 50 }\nmodel.features = 3");
        assertEquals(2, data.dim());
        assertEquals(3, data.truth().orElseThrow().features());
    }
}
