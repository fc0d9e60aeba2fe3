package dev.superpose.eval;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which legend entry each loss curve gets. */
class LossCurveGroupsTest {
    /** More values than a legend holds. */
    private static final String THIRTY_PROBABILITIES = "[" + String.join(", ",
            java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> Double.toString(i / 31.0)).toList()) + "]";

    @TempDir
    Path dir;

    private SweepPlan plan(String grid) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), "sweep { name = s, experiment = tms, seeds = [0, 1]\n"
                + " grid { " + grid + " } }\n");
        return SweepLoader.load(file, List.of());
    }

    @Test
    void aSmallGridGivesEachGridPointItsOwnEntryAndNoTitleNote() throws IOException {
        SweepPlan plan = plan("\"data.feature-probability\" = [1, 0.1]");
        LossCurveGroups groups = LossCurveGroups.of(plan);
        assertEquals("p=1", groups.groupOf(plan.trials().get(0)));
        assertEquals("", groups.titleNote(4));
    }

    @Test
    void aGridTooLargeForALegendIsColouredByItsWidestSettingThatStillFits() throws IOException {
        // 30 x 13 points: the 30-value axis cannot have a legend, the 13-value one can
        SweepPlan plan = plan("\"data.feature-probability\" = " + THIRTY_PROBABILITIES
                + ", \"data.last-importance\" = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]");
        LossCurveGroups groups = LossCurveGroups.of(plan);
        assertEquals("data.last-importance", groups.colouredPath());
        assertEquals("r=1", groups.groupOf(plan.trials().get(0)));
        assertEquals(" (780 curves, coloured by r)", groups.titleNote(780));
    }

    @Test
    void withoutAnySettingFewEnoughForALegendTheTitleSaysWhyThereIsNone() throws IOException {
        SweepPlan plan = plan("\"data.feature-probability\" = " + THIRTY_PROBABILITIES);
        LossCurveGroups groups = LossCurveGroups.of(plan);
        assertNull(groups.groupOf(plan.trials().get(0)));
        assertEquals(" (60 curves over 30 grid points: too many values for a legend)", groups.titleNote(60));
    }
}
