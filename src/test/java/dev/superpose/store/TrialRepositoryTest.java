package dev.superpose.store;

import dev.superpose.store.Lifecycle.TrialStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRepositoryTest {
    @TempDir
    Path home;
    Database db;
    TrialRepository trials;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        trials = new TrialRepository(db);
        sweepId = new SweepRepository(db).create("intro", "tms", "h", "{}", 5000).id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void fiveThousandTrialsInsertInOneCallAndListInGridOrder() {
        List<NewTrial> inserted = Fixtures.trials(5000);
        List<NewTrial> backwards = new ArrayList<>(inserted);
        Collections.reverse(backwards);
        trials.insertAll(sweepId, backwards);

        List<TrialRow> listed = trials.list(sweepId);

        assertEquals(5000, listed.size());
        for (int i = 0; i < inserted.size(); i++) {
            NewTrial expected = inserted.get(i);
            TrialRow row = listed.get(i);
            assertEquals(List.of(expected.trialId(), expected.index(), expected.seed(), expected.gridPointJson(),
                            expected.configJson(), TrialStatus.PENDING, 0L),
                    List.of(row.trialId(), row.index(), row.seed(), row.gridPointJson(), row.configJson(),
                            row.status(), row.stepsDone()));
            assertNull(row.stackId());
            assertNull(row.metricsJson());
        }
        assertEquals(Map.of(TrialStatus.PENDING, 5000L, TrialStatus.RUNNING, 0L, TrialStatus.DONE, 0L, TrialStatus.FAILED, 0L,
                        TrialStatus.DIVERGED, 0L),
                trials.countsByStatus(sweepId));
    }

    @Test
    void insertAllIsAtomic() {
        List<NewTrial> withDuplicate = new ArrayList<>(Fixtures.trials(3));
        withDuplicate.add(new NewTrial(Fixtures.trialId(1), 7, 1, "{}", "{}"));

        assertThrows(StoreException.class, () -> trials.insertAll(sweepId, withDuplicate));

        assertEquals(List.of(), trials.list(sweepId));
    }

    @Test
    void statusCountsFollowStatusChanges() {
        trials.insertAll(sweepId, Fixtures.trials(10));

        trials.setStatus(sweepId, List.of("t0000", "t0001", "t0002"), TrialStatus.RUNNING, null);
        trials.setStatus(sweepId, List.of("t0003"), TrialStatus.FAILED, "NullPointerException at step 7");
        trials.complete(sweepId, "t0000", TrialStatus.DONE, "{\"loss\":0.1}", 100);
        trials.complete(sweepId, "t0001", TrialStatus.DIVERGED, "{\"loss\":NaN}", 37);

        assertEquals(Map.of(TrialStatus.PENDING, 6L, TrialStatus.RUNNING, 1L, TrialStatus.DONE, 1L, TrialStatus.FAILED, 1L,
                        TrialStatus.DIVERGED, 1L),
                trials.countsByStatus(sweepId));
        TrialRow failed = trials.list(sweepId).get(3);
        assertEquals("NullPointerException at step 7", failed.error());
        TrialRow diverged = trials.list(sweepId).get(1);
        assertEquals(List.of(TrialStatus.DIVERGED, "{\"loss\":NaN}", 37L),
                List.of(diverged.status(), diverged.metricsJson(), diverged.stepsDone()));
    }

    @Test
    void completingARetriedTrialClearsItsOldError() {
        trials.insertAll(sweepId, Fixtures.trials(1));
        trials.setStatus(sweepId, List.of("t0000"), TrialStatus.FAILED, "out of memory");

        trials.complete(sweepId, "t0000", TrialStatus.DONE, "{}", 10);

        TrialRow row = trials.list(sweepId).get(0);
        assertEquals(TrialStatus.DONE, row.status());
        assertNull(row.error());
    }

    @Test
    void unknownTrialRollsBackTheWholeStatusChange() {
        trials.insertAll(sweepId, Fixtures.trials(2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trials.setStatus(
                sweepId, List.of("t0000", "nope", "t0001"), TrialStatus.RUNNING, null));

        assertTrue(e.getMessage().contains("[nope]"), e.getMessage());
        assertEquals(2L, trials.countsByStatus(sweepId).get(TrialStatus.PENDING));
    }

    @Test
    void onlyDoneAndDivergedTrialsCanBeCompleted() {
        trials.insertAll(sweepId, Fixtures.trials(1));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> trials.complete(sweepId, "t0000", TrialStatus.FAILED, "{}", 1));
        assertEquals("a completed trial is done or diverged, got failed", bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> trials.complete(sweepId, "t9999", TrialStatus.DONE, "{}", 1));
    }

    @Test
    void overlongErrorsAreClippedToTheColumn() {
        trials.insertAll(sweepId, Fixtures.trials(1));
        String trace = "x".repeat(50_000);

        trials.setStatus(sweepId, List.of("t0000"), TrialStatus.FAILED, trace);

        String stored = trials.list(sweepId).get(0).error();
        assertEquals(Sql.TEXT_LIMIT, stored.length());
        assertTrue(stored.startsWith("xxx") && stored.endsWith("(clipped)"), stored.substring(9_980));
    }
}
