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

    private static final String PROJECTION = "model.features = 3\n"
            + "data { kind = lomax, lomax-shape = 1, feature-probability = 1 }\n"
            + "source { base = projection, ffn-init = pytorch, dim = 2, samples = 40, test-fraction = 0.25, seed = 3 }";

    private SaeDataKey key(String settings) throws IOException {
        Path file = home.resolve("key.conf");
        Files.writeString(file, "sweep { name = s, experiment = sae, seeds = [0] }\n" + settings + "\n");
        return SaeDataKey.of(SweepLoader.load(file, List.of()).trials().get(0).config());
    }

    @Test
    void aProjectionSourceIsTheDataSectionsInputsThroughWAndItsViewHoldsTheSameRows() throws IOException {
        SaeDataKey plain = key(PROJECTION + "\nsource.kind = projection");
        SaeData data = new SaeDataLoader(home).load(plain);
        assertEquals(30, data.train().rows());
        assertEquals(2, data.dim());
        ProjectionView view = ProjectionView.of(plain).orElseThrow();
        assertEquals(3, view.inputs().dim());
        assertTrue(view.outputs().isEmpty());
        assertEquals(sortedRows(view.dense()), sortedRows(data.train(), data.test()), "the split rows are h = W x");
        float[] w = ProjectionSource.weight(2, 3, 3);
        GroundTruth truth = data.truth().orElseThrow();
        assertEquals(w[1] / Math.hypot(w[1], w[4]), truth.get(1, 0), 1e-6, "W's column 1, normalised");

        SaeDataKey ffn = key(PROJECTION + "\nsource.kind = ffn");
        SaeData outputs = new SaeDataLoader(home).load(ffn);
        ProjectionView mapped = ProjectionView.of(ffn).orElseThrow();
        assertEquals(sortedRows(mapped.outputs().orElseThrow()), sortedRows(outputs.train(), outputs.test()));
        // W (W⁺ y) = y: the sparse outputs are a preimage of the dense outputs under W
        Activations y = mapped.outputs().orElseThrow();
        Activations sparse = mapped.sparseOutputs().orElseThrow();
        for (int r = 0; r < y.rows(); r++) {
            for (int c = 0; c < 2; c++) {
                double image = 0;
                for (int i = 0; i < 3; i++) {
                    image += w[c * 3 + i] * sparse.get(r, i);
                }
                assertEquals(y.get(r, c), image, 1e-4 * (1 + Math.abs(image)), "row " + r);
            }
        }
        assertTrue(ProjectionView.of(key("source { kind = sharkey, dim = 4, features = 6, samples = 20 }")).isEmpty());
    }

    private static List<String> sortedRows(Activations... sets) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (Activations a : sets) {
            for (int r = 0; r < a.rows(); r++) {
                rows.add(a.get(r, 0) + "," + a.get(r, 1));
            }
        }
        java.util.Collections.sort(rows);
        return rows;
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

    /**
     * A transcoder's pairs: tms-hidden reads x and reconstructs h = Wx (known features W_i),
     * tms-output reads h and reconstructs ReLU(Wᵀh + b) (known features ReLU(WᵀW_i + b) − ReLU(b)),
     * each row with its own target, split alike.
     */
    @Test
    void tmsTranscoderTargetsArePairedRowForRowWithTheirKnownFeatures() throws IOException {
        Files.createDirectories(home.resolve("models/toy"));
        // W = [[1, 0, 1], [0, 1, 1]] (hidden 2, features 3), b_final = (0, 0, -0.5)
        NpzWriter.write(home.resolve("models/toy/t0000.npz"), List.of(
                NpyArray.of("W", new int[]{2, 3}, new float[]{1, 0, 1, 0, 1, 1}),
                NpyArray.of("b_final", new int[]{3}, new float[]{0, 0, -0.5f})));
        String transcoder = "sae { encoder-from-decoder = false, target = %s }\n"
                + "source { kind = tms, trial = toy/t0000, samples = 40, test-fraction = 0.25 }\nmodel.features = 3";
        SaeData hidden = load(transcoder.formatted("tms-hidden"));
        assertEquals(3, hidden.dim());
        assertEquals(2, hidden.targetDim());
        assertEquals(30, hidden.train().rows());
        assertEquals(10, hidden.testTarget().rows());
        for (Activations[] pair : List.of(new Activations[]{hidden.train(), hidden.trainTarget()},
                new Activations[]{hidden.test(), hidden.testTarget()})) {
            for (int r = 0; r < pair[0].rows(); r++) {
                assertEquals(pair[0].get(r, 0) + pair[0].get(r, 2), pair[1].get(r, 0), 1e-6, "h_0 = x_0 + x_2");
                assertEquals(pair[0].get(r, 1) + pair[0].get(r, 2), pair[1].get(r, 1), 1e-6, "h_1 = x_1 + x_2");
            }
        }
        float s = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[]{1, 0, 0, 1, s, s}, hidden.truth().orElseThrow().directions(), 1e-6f);

        SaeData output = load(transcoder.formatted("tms-output"));
        assertEquals(2, output.dim());
        assertEquals(3, output.targetDim());
        for (int r = 0; r < output.train().rows(); r++) {
            float h0 = output.train().get(r, 0);
            float h1 = output.train().get(r, 1);
            assertEquals(h0, output.trainTarget().get(r, 0), 1e-6);
            assertEquals(h1, output.trainTarget().get(r, 1), 1e-6);
            assertEquals(Math.max(h0 + h1 - 0.5, 0), output.trainTarget().get(r, 2), 1e-6);
        }
        // W^T W_i + b: e_0 → (1, 0, 0.5), e_1 → (0, 1, 0.5), e_2 → (1, 1, 1.5); ReLU(b) = 0
        float[] known = {1, 0, 0.5f, 0, 1, 0.5f, 1, 1, 1.5f};
        float[] expected = new float[9];
        for (int f = 0; f < 3; f++) {
            double norm = Math.sqrt(known[3 * f] * known[3 * f] + known[3 * f + 1] * known[3 * f + 1]
                    + known[3 * f + 2] * known[3 * f + 2]);
            for (int c = 0; c < 3; c++) {
                expected[3 * f + c] = (float) (known[3 * f + c] / norm);
            }
        }
        assertArrayEquals(expected, output.truth().orElseThrow().directions(), 1e-6f);
    }

    @Test
    void anFfnTranscoderReadsTheMlpInputAndKnowsTheImagesOfTheBaseFeatures() throws IOException {
        SaeData plain = load("source { kind = ffn, base = sharkey, dim = 6, features = 4, mean-active = 1, samples = 50 }");
        SaeData pairs = load("sae { encoder-from-decoder = false, target = ffn-output }\n"
                + "source { kind = ffn, base = sharkey, dim = 6, features = 4, mean-active = 1, samples = 50 }");
        SaeData base = load("source { kind = sharkey, dim = 6, features = 4, mean-active = 1, samples = 50 }");
        assertArrayEquals(base.train().values(), pairs.train().values(), "the transcoder reads the MLP's input");
        assertArrayEquals(plain.train().values(), pairs.trainTarget().values(), "and reconstructs its output");
        assertTrue(plain.truth().isEmpty(), "an SAE on the he MLP's output has no known features");
        assertEquals(4, pairs.truth().orElseThrow().features());
        assertEquals(6, pairs.truth().orElseThrow().dim());
    }
}
