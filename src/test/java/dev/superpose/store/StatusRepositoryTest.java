package dev.superpose.store;

import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Lifecycle.StackStatus;
import dev.superpose.store.Lifecycle.EventKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of six trials in three stacks of 1000 steps: s0 finished (one done, one diverged),
 * s1 running at step 400, s2 with one failed and one pending trial. Loss points carry
 * hand-set times, so throughput and ETA are computed by hand.
 */
class StatusRepositoryTest {
    /** A fixed "now" for the throughput window, independent of the wall clock. */
    static final Instant NOW = Instant.parse("2031-05-01T12:00:00Z");

    @TempDir
    Path home;
    Database db;
    StatusRepository status;
    long sweepId;

    @BeforeEach
    void open() {
        db = Database.open(home);
        status = new StatusRepository(db);
        sweepId = Fixtures.sweepWithTrials(db, "intro", 6);
        StackRepository stacks = new StackRepository(db);
        TrialRepository trials = new TrialRepository(db);
        stacks.upsert(sweepId, "s0", 1000, List.of("t0000", "t0001"));
        stacks.upsert(sweepId, "s1", 1000, List.of("t0002", "t0003"));
        stacks.upsert(sweepId, "s2", 1000, List.of("t0004", "t0005"));
        trials.complete(sweepId, "t0000", TrialStatus.DONE, "{}", 1000);
        trials.complete(sweepId, "t0001", TrialStatus.DIVERGED, "{}", 1000);
        stacks.setProgress(sweepId, "s0", StackStatus.DONE, 1000, null, null);
        trials.setStatus(sweepId, List.of("t0002", "t0003"), TrialStatus.RUNNING, null);
        stacks.setProgress(sweepId, "s1", StackStatus.RUNNING, 400, "cpu-0", null);
        trials.setStatus(sweepId, List.of("t0004"), TrialStatus.FAILED, "boom at step 3");
        new EventRepository(db).record(sweepId, EventKind.START, "s1", null, "trainer cpu-0");

        StepMetricRepository metrics = new StepMetricRepository(db);
        List<String> s1 = List.of("t0002", "t0003");
        metrics.append(sweepId, s1, 100, new double[] {1, 1});
        metrics.append(sweepId, s1, 200, new double[] {1, 1});
        metrics.append(sweepId, s1, 300, new double[] {1, 1});
        metrics.append(sweepId, s1, 400, new double[] {1, 1});
        recordedAt(100, NOW.minusSeconds(600));   // outside the 5-minute window
        recordedAt(200, NOW.minusSeconds(200));
        recordedAt(300, NOW.minusSeconds(100));
        recordedAt(400, NOW);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void recordedAt(long step, Instant at) {
        db.transact(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE loss_points SET recorded_at = ? WHERE sweep_id = ? AND first_step = ?")) {
                update.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                update.setLong(2, sweepId);
                update.setLong(3, step);
                return update.executeUpdate();
            }
        });
    }

    @Test
    void progressThroughputAndEtaOfASweepInFlight() {
        SweepStatus intro = status.sweeps(NOW).get(0);

        assertEquals(List.of("intro", "tms", SweepState.CREATED, 6),
                List.of(intro.name(), intro.experiment(), intro.status(), intro.trialsTotal()));
        assertEquals(List.of(TrialStatus.values()),
                List.copyOf(intro.countsByState().keySet()));
        assertEquals(Map.of(TrialStatus.PENDING, 1L, TrialStatus.RUNNING, 2L, TrialStatus.DONE, 1L, TrialStatus.FAILED, 1L,
                        TrialStatus.DIVERGED, 1L),
                intro.countsByState());
        // done + diverged: 2 x 1000; running: 2 x 400; pending: 0; the failed trial counts in neither.
        assertEquals(2800, intro.trialStepsDone());
        assertEquals(5000, intro.trialStepsTotal());
        // In the window: steps 200 -> 400 of two trials (400 trial-steps) over 200 s.
        assertEquals(2.0, intro.trialStepsPerSecond(), 1e-9);
        assertEquals(2200 / 2.0, intro.etaSeconds().orElseThrow(), 1e-6);
        assertEquals(EventKind.START, intro.lastEvent().kind());
        assertEquals("boom at step 3", intro.lastError());
        Instant newestTrial = new TrialRepository(db).list(sweepId).stream().map(TrialRow::updatedAt)
                .max(Instant::compareTo).orElseThrow();
        Instant newestStack = new StackRepository(db).list(sweepId).stream().map(StackRow::updatedAt)
                .max(Instant::compareTo).orElseThrow();
        assertEquals(newestTrial.isAfter(newestStack) ? newestTrial : newestStack, intro.updatedAt());
    }

    @Test
    void withoutRecentLossPointsTheRateIsZeroAndTheEtaUnknown() {
        SweepStatus later = status.sweeps(NOW.plusSeconds(3600)).get(0);

        assertEquals(0.0, later.trialStepsPerSecond());
        assertEquals(OptionalDouble.empty(), later.etaSeconds());
        assertEquals(2800, later.trialStepsDone());
    }

    @Test
    void aSweepWithNothingToDoHasZeroEverywhere() {
        new SweepRepository(db).create("empty", "sae", "h", "{}", 0);

        SweepStatus empty = status.sweeps(NOW).get(1);

        assertEquals("empty", empty.name());
        assertEquals(Map.of(TrialStatus.PENDING, 0L, TrialStatus.RUNNING, 0L, TrialStatus.DONE, 0L, TrialStatus.FAILED, 0L,
                        TrialStatus.DIVERGED, 0L),
                empty.countsByState());
        assertEquals(List.of(0L, 0L), List.of(empty.trialStepsDone(), empty.trialStepsTotal()));
        assertEquals(OptionalDouble.of(0), empty.etaSeconds());
        assertNull(empty.lastEvent());
        assertNull(empty.lastError());
    }

    @Test
    void detailListsStacksAndFailedTrials() {
        SweepDetail detail = status.sweep("intro", NOW).orElseThrow();

        assertEquals(2800, detail.status().trialStepsDone());
        assertEquals(List.of("s0", "s1", "s2"), detail.stacks().stream().map(StackRow::stackId).toList());
        assertEquals(List.of(StackStatus.RUNNING, 400L, "cpu-0"),
                List.of(detail.stacks().get(1).status(), detail.stacks().get(1).stepsDone(),
                        detail.stacks().get(1).trainer()));
        assertEquals(List.of(new SweepDetail.FailedTrial("t0004", "s2", "boom at step 3")), detail.failedTrials());
        assertFalse(status.sweep("nope", NOW).isPresent());
    }

    @Test
    void detailListsTheTrainersAtWorkWithTheirSpeedAndLastReport() {
        SweepDetail detail = status.sweep("intro", NOW).orElseThrow();

        assertEquals(1, detail.trainers().size());
        TrainerActivity cpu0 = detail.trainers().get(0);
        assertEquals(List.of("cpu-0", "s1", 400L, 1000L), List.of(cpu0.trainer(), cpu0.stackId(), cpu0.stepsDone(),
                cpu0.stepsTotal()));
        // Steps 200 to 400 of its first trial recorded 200 s apart in the window (step 100 is older).
        assertEquals(1.0, cpu0.stepsPerSecond(), 1e-9);
        StackRow s1 = detail.stacks().get(1);
        assertEquals(s1.updatedAt(), cpu0.lastReport(), "its last report moved the stack");
        assertEquals(0, status.sweep("intro", NOW.plusSeconds(3600)).orElseThrow().trainers().get(0).stepsPerSecond(),
                "no report in the window, no speed");
    }
}
