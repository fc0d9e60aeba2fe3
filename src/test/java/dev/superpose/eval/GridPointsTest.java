package dev.superpose.eval;

import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.store.TrialRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which trial a per-grid-point figure shows. */
class GridPointsTest {
    @TempDir
    Path dir;

    private SweepPlan plan(String seeds) throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), "sweep { name = s, experiment = tms, seeds = " + seeds
                + "\n grid { \"data.feature-probability\" = [1, 0.1] } }\n");
        return SweepLoader.load(file, List.of());
    }

    private static FinishedTrial finished(TrialSpec spec, String metricsJson) {
        return new FinishedTrial(spec, new TrialRow(spec.trialId(), spec.index(), spec.seed(), "{}", "{}", TrialStatus.DONE,
                "s0", null, metricsJson, 100, Instant.EPOCH), null);
    }

    @Test
    void eachGridPointShowsItsLowestLossSeedInGridOrder() throws IOException {
        List<TrialSpec> t = plan("[0, 1, 2]").trials();
        List<FinishedTrial> trials = List.of(finished(t.get(0), "{\"loss\": 0.30}"), finished(t.get(1), "{\"loss\": 0.12}"),
                finished(t.get(2), "{\"loss\": 0.12}"), finished(t.get(3), "{\"loss\": \"NaN\"}"),
                finished(t.get(4), "{}"), finished(t.get(5), "{\"loss\": 0.5}"));
        List<FinishedTrial> shown = GridPoints.lowestLossPerPoint(trials, f -> f, 10);
        // point 1: seeds 1 and 2 tie at 0.12, the lower seed wins; point 2: the only finite loss
        assertEquals(List.of("t0001", "t0005"), shown.stream().map(f -> f.spec().trialId()).toList());
        assertEquals(List.of("t0001"), GridPoints.lowestLossPerPoint(trials, f -> f, 1).stream()
                .map(f -> f.spec().trialId()).toList());
    }

    @Test
    void figureTitlesSayWhichSeedTheyShowOnlyWhenThereIsAChoice() throws IOException {
        assertEquals(" (each panel: the lowest-loss of 3 seeds)", GridPoints.selectionNote(plan("[0, 1, 2]"), 2));
        assertEquals("", GridPoints.selectionNote(plan("[7]"), 2));
        assertEquals(" (1 of 2 grid points, spread evenly; all in trials.csv; each panel: the lowest-loss of 3 seeds)",
                GridPoints.selectionNote(plan("[0, 1, 2]"), 1));
    }

    @Test
    void aGridLargerThanTheFigureIsThinnedEvenlyAlongEachAxisNotCutAfterItsFirstRows() throws IOException {
        // 13 x 5 = 65 points, 12 panels: the widest axis loses a value at a time until 3 x 4 = 12
        // remain, each axis keeping its first and last value
        Path file = Files.writeString(dir.resolve("g.conf"), "sweep { name = g, experiment = tms, seeds = [0]\n"
                + " grid { \"data.last-importance\" = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],"
                + " \"data.feature-probability\" = [0.1, 0.2, 0.3, 0.4, 0.5] } }\n");
        List<FinishedTrial> trials = SweepLoader.load(file, List.of()).trials().stream()
                .map(t -> finished(t, "{\"loss\": 0.1}")).toList();
        List<FinishedTrial> shown = GridPoints.lowestLossPerPoint(trials, f -> f, 12);
        assertEquals(12, shown.size());
        assertEquals(List.of(1.0, 7.0, 13.0), shown.stream()
                .map(f -> ((Number) f.spec().gridPoint().get("data.last-importance")).doubleValue()).distinct().toList());
        assertEquals(List.of(0.1, 0.2, 0.4, 0.5), shown.stream()
                .map(f -> ((Number) f.spec().gridPoint().get("data.feature-probability")).doubleValue()).distinct()
                .sorted().toList());
    }
}
