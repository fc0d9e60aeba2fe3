package dev.superpose.data.source;

import dev.superpose.config.DataConfig;
import dev.superpose.config.DataGenerator;
import dev.superpose.config.Magnitude;
import dev.superpose.data.FeatureSampler;
import dev.superpose.report.NpyArray;
import dev.superpose.report.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TmsSourceTest {
    /** W [2, 3]: feature 0 along x, feature 1 along y with length 2, feature 2 at (−3, 4). */
    private static final float[] W = {1, 0, -3, 0, 2, 4};
    private static final DataConfig DATA = new DataConfig(0.3, Collections.nCopies(3, 1.0), Magnitude.UNIFORM, 0, 0,
            new DataGenerator.Sparse());

    @TempDir
    Path dir;

    @Test
    void activationsAreWTimesTheTrialsInputs() {
        TmsSource source = new TmsSource(2, 3, W, FeatureSampler.of(3, DATA, 9), "W");
        int rows = 500;
        Activations h = source.draw(4, rows);
        float[] x = new float[rows * 3];
        FeatureSampler.of(3, DATA, 9).fill(4, rows, x, 0);
        int nonZero = 0;
        for (int r = 0; r < rows; r++) {
            float x0 = x[r * 3];
            float x1 = x[r * 3 + 1];
            float x2 = x[r * 3 + 2];
            assertEquals(x0 - 3 * x2, h.get(r, 0), 1e-6f);
            assertEquals(2 * x1 + 4 * x2, h.get(r, 1), 1e-6f);
            nonZero += h.get(r, 0) != 0 ? 1 : 0;
        }
        assertTrue(nonZero > rows / 4, "sparse inputs with p = 0.3 still make many rows non-zero: " + nonZero);
    }

    @Test
    void groundTruthIsTheNormalisedColumnsOfW() {
        GroundTruth truth = new TmsSource(2, 3, W, FeatureSampler.of(3, DATA, 1), "W").groundTruth().orElseThrow();
        assertEquals(3, truth.features());
        assertArrayEquals(new float[]{1, 0, 0, 1, -0.6f, 0.8f}, truth.directions(), 1e-7f);
    }

    @Test
    void loadsWFromATrialsWeightsFile() throws IOException {
        Path npz = dir.resolve("models/sweep/t1.npz");
        NpzWriter.write(npz, List.of(NpyArray.of("W", new int[]{2, 3}, W), NpyArray.of("b_final", new int[]{3},
                new float[3])));
        TmsSource loaded = TmsSource.load(npz, DATA, 5);
        TmsSource direct = new TmsSource(2, 3, W, FeatureSampler.of(3, DATA, 5), "W");
        assertEquals(2, loaded.dim());
        assertArrayEquals(direct.draw(0, 20).values(), loaded.draw(0, 20).values());

        Path noW = dir.resolve("noW.npz");
        NpzWriter.write(noW, List.of(NpyArray.of("b_final", new int[]{3}, new float[3])));
        IOException e = assertThrows(IOException.class, () -> TmsSource.load(noW, DATA, 5));
        assertEquals(noW + ": expected a float32 array W [hidden, features]", e.getMessage());
    }

    @Test
    void rejectsFeaturesWithoutDirectionAndMismatchedGenerators() {
        float[] deadFeature = {1, 0, 0, 0, 1, 0};
        IllegalArgumentException dead = assertThrows(IllegalArgumentException.class,
                () -> new TmsSource(2, 3, deadFeature, FeatureSampler.of(3, DATA, 1), "t1.npz"));
        assertEquals("t1.npz: feature 2 has norm 0.0, so it has no direction to recover", dead.getMessage());
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> new TmsSource(2, 3, W, FeatureSampler.of(4, DATA, 1), "t1.npz"));
        assertEquals("t1.npz: W has 3 features but the data generator draws 4", mismatch.getMessage());
    }
}
