package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweep files cannot make superpose build more trials than it can hold, fetch settings from the
 * network, or silently drop an include.
 */
class BoundedInputsTest {
    @TempDir
    Path dir;

    private String refusal(String content) {
        return assertThrows(BadInputException.class, () -> SweepFiles.load(dir, content)).getMessage();
    }

    /** 1000 x 1000 grid points: refused from the axis sizes, before a trial is built (10^6 would exhaust the heap). */
    @Test
    void aMillionTrialGridIsRefusedBeforeItIsBuilt() {
        String message = refusal("""
                sweep { name = big, experiment = tms, seeds = [0],
                        grid { "data.feature-probability" = { linspace = [0.001, 1, 1000] },
                               "train.lr" = { logspace = [-4, -2, 1000] } } }
                """);
        assertTrue(message.contains("sweep.grid") && message.contains("at most 100000 trials")
                && message.contains("1000000 grid points x 1 seeds = 1000000 trials"), message);
    }

    @Test
    void seedsCountTowardsTheLimit() {
        StringBuilder seeds = new StringBuilder();
        for (int s = 0; s < 200; s++) {
            seeds.append(s == 0 ? "" : ", ").append(s);
        }
        String message = refusal("sweep { name = big, experiment = tms, seeds = [" + seeds + "],"
                + " grid { \"train.lr\" = { logspace = [-4, -2, 1000] } } }\n");
        assertTrue(message.contains("1000 grid points x 200 seeds = 200000 trials"), message);
    }

    @Test
    void anIncludeOfAUrlIsRefused() {
        String message = refusal("include url(\"http://127.0.0.1:9/evil.conf\")\n" + SweepFiles.MINIMAL);
        assertTrue(message.contains("may include local files only"), message);
        String heuristic = refusal("include \"http://127.0.0.1:9/evil.conf\"\n" + SweepFiles.MINIMAL);
        assertTrue(heuristic.contains("may include local files only"), heuristic);
    }

    @Test
    void aMissingIncludeIsAnError() {
        String message = refusal("include \"nowhere.conf\"\n" + SweepFiles.MINIMAL);
        assertTrue(message.contains("nowhere.conf"), message);
        String file = refusal("include file(\"" + dir.resolve("gone.conf") + "\")\n" + SweepFiles.MINIMAL);
        assertTrue(file.contains("gone.conf"), file);
    }

    @Test
    void aLocalIncludeIsRead() {
        SweepFiles.write(dir, "model.conf", "model { features = 7, hidden = 3 }\n");
        SweepPlan plan = SweepFiles.load(dir, "include \"model.conf\"\n" + SweepFiles.MINIMAL);
        assertEquals(7, plan.trials().get(0).config().model().features());
    }
}
