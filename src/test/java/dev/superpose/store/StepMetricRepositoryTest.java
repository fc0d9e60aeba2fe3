package dev.superpose.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepMetricRepositoryTest {
    @TempDir
    Path home;
    Database db;
    StepMetricRepository metrics;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        metrics = new StepMetricRepository(db);
        sweepId = Fixtures.sweepWithTrials(db, "intro", 3);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void curvesComeBackPerTrialInGridOrderAndByStep() {
        List<String> stack = List.of("t0002", "t0000");
        metrics.append(sweepId, stack, 20, new double[] {0.2, 0.5});
        metrics.append(sweepId, stack, 0, new double[] {1.0, 2.0});
        metrics.append(sweepId, stack, 10, new double[] {0.4, 1.5});

        Map<String, List<StepLoss>> curves = metrics.lossCurves(sweepId);

        assertEquals(List.of("t0000", "t0002"), List.copyOf(curves.keySet()));
        assertEquals(List.of(new StepLoss(0, 2.0), new StepLoss(10, 1.5), new StepLoss(20, 0.5)), curves.get("t0000"));
        assertEquals(List.of(new StepLoss(0, 1.0), new StepLoss(10, 0.4), new StepLoss(20, 0.2)), curves.get("t0002"));
    }

    @Test
    void aStepLoggedAgainAfterAResumeReplacesTheEarlierValue() {
        metrics.append(sweepId, List.of("t0000"), 10, new double[] {0.4});
        metrics.append(sweepId, List.of("t0000"), 10, new double[] {0.3});

        assertEquals(List.of(new StepLoss(10, 0.3)), metrics.lossCurves(sweepId).get("t0000"));
    }

    @Test
    void nonFiniteLossesOfDivergedTrialsAreKept() {
        metrics.append(sweepId, List.of("t0000", "t0001"), 5, new double[] {Double.NaN, Double.POSITIVE_INFINITY});

        Map<String, List<StepLoss>> curves = metrics.lossCurves(sweepId);
        assertEquals(Double.NaN, curves.get("t0000").get(0).loss());
        assertEquals(Double.POSITIVE_INFINITY, curves.get("t0001").get(0).loss());
    }

    @Test
    void badAppendsWriteNothing() {
        assertThrows(IllegalArgumentException.class,
                () -> metrics.append(sweepId, List.of("t0000", "t0001"), 1, new double[] {1.0}));
        assertThrows(StoreException.class,
                () -> metrics.append(sweepId, List.of("t0000", "ghost"), 1, new double[] {1.0, 2.0}));

        assertEquals(Map.of(), metrics.lossCurves(sweepId));
    }
}
