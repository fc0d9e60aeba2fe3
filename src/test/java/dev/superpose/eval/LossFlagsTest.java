package dev.superpose.eval;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.store.StepLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** trials.csv's loss_flag on hand-made losses. */
class LossFlagsTest {
    @TempDir
    Path dir;

    /** Two grid points (t0000–t0002 and t0003–t0005), three seeds each. */
    private SweepPlan plan() throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), """
                sweep { name = s, experiment = tms, seeds = [0, 1, 2]
                  grid { "data.feature-probability" = [1, 0.1] } }
                """);
        return SweepLoader.load(file, List.of());
    }

    private static List<StepLoss> curve(double... losses) {
        List<StepLoss> curve = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            curve.add(new StepLoss(100L * i, losses[i]));
        }
        return curve;
    }

    @Test
    void aSeedFarAboveItsGridPointsOthersIsAnOutlier() throws IOException {
        Map<String, Double> losses = Map.of("t0000", 0.10, "t0001", 0.11, "t0002", 0.17,
                "t0003", 0.30, "t0004", 0.44, "t0005", 0.31);
        // t0002: 0.17 > 1.5 x median(0.10, 0.11) = 0.1575; t0004: 0.44 < 1.5 x 0.305 = 0.4575
        assertEquals(Map.of("t0002", "outlier"), LossFlags.of(plan(), losses, Map.of()));
    }

    @Test
    void aLossThatClimbsBackIsDivergingAndBothFlagsCombine() throws IOException {
        double[] down = {4, 3, 2, 1, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3};
        double[] up = {4, 3, 2, 1, 0.5, 0.4, 0.3, 0.5, 0.8, 1.2};
        assertFalse(LossFlags.diverging(curve(down)));
        assertTrue(LossFlags.diverging(curve(up))); // last point 1.2 > 2 x 0.3
        assertFalse(LossFlags.diverging(curve(4)), "one point: nothing to compare");
        Map<String, Double> losses = Map.of("t0000", 1.2, "t0001", 0.3, "t0002", 0.3);
        assertEquals(Map.of("t0000", "outlier+diverging", "t0001", "diverging"), LossFlags.of(plan(), losses,
                Map.of("t0000", curve(up), "t0001", curve(up), "t0002", curve(down))));
    }
}
