package dev.superpose.store;

import dev.superpose.store.Lifecycle.StackStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackRepositoryTest {
    @TempDir
    Path home;
    Database db;
    StackRepository stacks;
    TrialRepository trials;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        stacks = new StackRepository(db);
        trials = new TrialRepository(db);
        sweepId = Fixtures.sweepWithTrials(db, "intro", 6);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void upsertCreatesAPlannedStackHoldingItsTrialsInGridOrder() {
        stacks.upsert(sweepId, "s1", 1000, List.of("t0004", "t0001", "t0002"));
        stacks.upsert(sweepId, "s0", 500, List.of("t0000"));

        List<StackRow> listed = stacks.list(sweepId);

        assertEquals(List.of("s0", "s1"), listed.stream().map(StackRow::stackId).toList());
        StackRow s1 = listed.get(1);
        assertEquals(List.of(StackStatus.PLANNED, 0L, 1000L, List.of("t0001", "t0002", "t0004")),
                List.of(s1.status(), s1.stepsDone(), s1.stepsTotal(), s1.trialIds()));
        assertNull(s1.trainer());
        assertEquals(Arrays.asList("s0", "s1", "s1", null, "s1", null),
                trials.list(sweepId).stream().map(TrialRow::stackId).toList());
    }

    @Test
    void progressIsRecordedAndKeptWhenTheStackIsUpsertedAgain() {
        stacks.upsert(sweepId, "s1", 1000, List.of("t0000", "t0001"));
        stacks.setProgress(sweepId, "s1", StackStatus.RUNNING, 250, "cpu-0", null);

        stacks.upsert(sweepId, "s1", 2000, List.of("t0001", "t0002"));

        StackRow s1 = stacks.list(sweepId).get(0);
        assertEquals(List.of(StackStatus.RUNNING, 250L, 2000L, "cpu-0", List.of("t0001", "t0002")),
                List.of(s1.status(), s1.stepsDone(), s1.stepsTotal(), s1.trainer(), s1.trialIds()));
        assertNull(trials.list(sweepId).get(0).stackId(), "t0000 left the stack");
    }

    @Test
    void failureIsRecordedWithItsError() {
        stacks.upsert(sweepId, "s1", 1000, List.of("t0000"));

        stacks.setProgress(sweepId, "s1", StackStatus.FAILED, 17, "cpu-1", "loss became NaN");

        StackRow s1 = stacks.list(sweepId).get(0);
        assertEquals(List.of(StackStatus.FAILED, 17L, "loss became NaN"), List.of(s1.status(), s1.stepsDone(), s1.error()));
    }

    @Test
    void assignStackMovesTrialsBetweenExistingStacksOnly() {
        stacks.upsert(sweepId, "s0", 10, List.of("t0000", "t0001"));
        stacks.upsert(sweepId, "s1", 10, List.of("t0002"));

        trials.assignStack(sweepId, List.of("t0001"), "s1");

        assertEquals(List.of(List.of("t0000"), List.of("t0001", "t0002")),
                stacks.list(sweepId).stream().map(StackRow::trialIds).toList());
        assertThrows(StoreException.class, () -> trials.assignStack(sweepId, List.of("t0003"), "missing"));
        assertNull(trials.list(sweepId).get(3).stackId());
    }

    @Test
    void upsertWithAnUnknownTrialCreatesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stacks.upsert(sweepId, "s1", 10, List.of("t0000", "ghost")));
        assertTrue(e.getMessage().contains("[ghost]"), e.getMessage());
        assertEquals(List.of(), stacks.list(sweepId));
        assertNull(trials.list(sweepId).get(0).stackId());
    }

    @Test
    void progressOfAnUnknownStackIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stacks.setProgress(sweepId, "s9", StackStatus.RUNNING, 1, "cpu-0", null));
        assertTrue(e.getMessage().contains("s9"), e.getMessage());
    }
}
