package dev.superpose.orchestrator;

import dev.superpose.eval.Json;
import dev.superpose.eval.TrialEvaluation;
import dev.superpose.store.Lifecycle.EventKind;
import dev.superpose.store.Lifecycle.StackStatus;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.store.CheckpointRepository;
import dev.superpose.store.CheckpointRow;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.StackRepository;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.TrialRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisor's single path into H2: every state change of a running sweep becomes rows
 * (trial and stack status, loss points, events), and moves the sweep's meters along (trial states,
 * retries, failures, divergences, H2 write time). Called only from the supervisor's thread.
 *
 * <p>What survives a kill -9: every state change (a stack started, resumed, checkpointed, failed,
 * evaluated) is handed to the OS before this returns ({@link Database#persist()}), and before it the
 * loss points still held, so a recorded checkpoint never lacks the points before it. Loss points
 * alone are held back and written together ({@link #LOSS_BATCH} at most, or when the supervisor's
 * timer calls {@link #flushLossPoints()}, every {@link #LOSS_FLUSH_EVERY}), one row per trial, and H2
 * writes those commits to its file within its write delay (500 ms): a kill -9 loses at most the points logged
 * in the last {@link #LOSS_FLUSH_EVERY} plus that delay, all after the stack's last recorded
 * checkpoint, which the resumed stack trains and logs again.
 */
public final class SweepRecorder {
    /** Checkpoints kept per stack: the newest, and one to fall back to if it reads back damaged. */
    static final int CHECKPOINTS_KEPT = 2;
    /** Loss points written together at most: one commit per point made the file grow by tens of GB a day. */
    static final int LOSS_BATCH = 1024;
    /**
     * How often the supervisor writes the loss points held, however few. Each write stores one row
     * per trial holding all its points held (and rewrites the B-tree pages it touches), so fewer,
     * fuller writes keep the file small; `status` sees a stack's progress this much later. Points
     * lost to a kill -9 are retrained in any case (they lie after the last checkpoint).
     */
    static final Duration LOSS_FLUSH_EVERY = Duration.ofSeconds(10);

    private final long sweepId;
    private final TrialRepository trials;
    private final StackRepository stacks;
    private final StepMetricRepository steps;
    private final EventRepository events;
    private final CheckpointRepository checkpoints;
    private final SweepMeters meters;
    /** Trials already recorded as diverged while training, so evaluation does not count them twice. */
    private final Set<String> diverged = new HashSet<>();
    /** Which trainer trains each running stack, kept on every progress update. */
    private final Map<String, String> trainerOfStack = new HashMap<>();
    /** Loss points not yet written, and the latest step of each stack among them. */
    private final List<StepMetricRepository.LossPoint> heldLoss = new ArrayList<>();
    private final Map<String, Long> heldProgress = new LinkedHashMap<>();
    private final Database db;

    public SweepRecorder(Database db, long sweepId, SweepMeters meters) {
        this.db = db;
        this.sweepId = sweepId;
        this.meters = meters;
        this.trials = new TrialRepository(db);
        this.stacks = new StackRepository(db);
        this.steps = new StepMetricRepository(db);
        this.events = new EventRepository(db);
        this.checkpoints = new CheckpointRepository(db);
    }

    /**
     * Runs a state change's H2 writes after the loss points still held, hands them to the OS before
     * returning (so that, e.g., a superseded checkpoint file is deleted only once the newer one's row
     * is on disk), and records how long they took.
     */
    private void write(Runnable writes) {
        flushLossPoints();
        long start = System.nanoTime();
        writes.run();
        db.persist();
        meters.h2Write(System.nanoTime() - start);
    }

    /** Writes the loss points held back, in one transaction, and each stack's latest step. */
    void flushLossPoints() {
        if (heldLoss.isEmpty()) {
            return;
        }
        List<StepMetricRepository.LossPoint> points = List.copyOf(heldLoss);
        Map<String, Long> latestStep = new LinkedHashMap<>(heldProgress);
        heldLoss.clear();
        heldProgress.clear();
        long start = System.nanoTime();
        steps.appendAll(sweepId, points);
        latestStep.forEach((stackId, step) ->
                stacks.setProgress(sweepId, stackId, StackStatus.RUNNING, step, trainerOfStack.get(stackId), null));
        meters.h2Write(System.nanoTime() - start);
    }

    /** The stack's stored checkpoints, newest first. */
    List<CheckpointRef> checkpoints(StackAssignment stack) {
        return checkpoints.list(sweepId, stack.stackId()).stream()
                .map(row -> new CheckpointRef(row.step(), row.path(), row.checksum())).toList();
    }

    void stackStarted(StackAssignment stack, String trainer, int attempt) {
        trainerOfStack.put(stack.stackId(), trainer);
        write(() -> {
            trials.setStatus(sweepId, stack.trialIds(), TrialStatus.RUNNING, null);
            stacks.setProgress(sweepId, stack.stackId(), StackStatus.RUNNING, 0, trainer, null);
            events.record(sweepId, EventKind.START, stack.stackId(), null, "trainer " + trainer + ", attempt " + attempt);
        });
        meters.trialsMoved(TrialStatus.PENDING, TrialStatus.RUNNING, stack.size());
    }

    void stackResumed(StackAssignment stack, long step) {
        write(() -> {
            stacks.setProgress(sweepId, stack.stackId(), StackStatus.RUNNING, step, trainerOfStack.get(stack.stackId()), null);
            events.record(sweepId, EventKind.RESUME, stack.stackId(), null, "from the checkpoint at step " + step);
        });
    }

    /** Holds the point back; the points held are written in one go once there are {@link #LOSS_BATCH}. */
    void lossPoint(StackAssignment stack, long step, double[] losses) {
        heldLoss.add(new StepMetricRepository.LossPoint(stack.trialIds(), step, losses));
        heldProgress.put(stack.stackId(), step);
        if (heldLoss.size() >= LOSS_BATCH) {
            flushLossPoints();
        }
    }

    void checkpointWritten(StackAssignment stack, SupervisorProtocol.CheckpointWritten checkpoint) {
        List<CheckpointRow> superseded = new ArrayList<>();
        write(() -> {
            superseded.addAll(checkpoints.record(sweepId, stack.stackId(), checkpoint.step(), checkpoint.path(),
                    checkpoint.checksum(), checkpoint.bytes(), CHECKPOINTS_KEPT));
            events.record(sweepId, EventKind.CHECKPOINT, stack.stackId(), null,
                    "step " + checkpoint.step() + ", " + checkpoint.bytes() + " bytes");
        });
        superseded.forEach(row -> deleteFile(row.path()));
    }

    /** A checkpoint that arrived after its stack was evaluated: its file is deleted, nothing is recorded. */
    void checkpointDiscarded(String path) {
        deleteFile(path);
    }

    void checkpointRejected(StackAssignment stack, SupervisorProtocol.CheckpointRejected rejected) {
        write(() -> events.record(sweepId, EventKind.CHECKPOINT_REJECTED, stack.stackId(), null,
                "step " + rejected.step() + " (" + rejected.path() + "): " + rejected.reason()));
    }

    void trialsDiverged(StackAssignment stack, List<String> trialIds, long step) {
        diverged.addAll(trialIds);
        write(() -> {
            trials.setStatus(sweepId, trialIds, TrialStatus.DIVERGED, null);
            for (String trialId : trialIds) {
                events.record(sweepId, EventKind.DIVERGED, stack.stackId(), trialId, "non-finite loss by step " + step
                        + "; its updates stopped, the rest of the stack trains on");
            }
        });
        meters.trialsMoved(TrialStatus.RUNNING, TrialStatus.DIVERGED, trialIds.size());
        meters.diverged(trialIds.size());
    }

    void stackRetried(StackAssignment stack, String error) {
        write(() -> {
            trials.setStatus(sweepId, stack.trialIds(), TrialStatus.PENDING, null);
            stacks.setProgress(sweepId, stack.stackId(), StackStatus.PENDING, 0, null, error);
            events.record(sweepId, EventKind.RETRY, stack.stackId(), null, error);
        });
        meters.trialsMoved(TrialStatus.RUNNING, TrialStatus.PENDING, stack.size());
        meters.retried();
    }

    void stackFailed(StackAssignment stack, String error) {
        write(() -> {
            trials.setStatus(sweepId, stack.trialIds(), TrialStatus.FAILED, error);
            stacks.setProgress(sweepId, stack.stackId(), StackStatus.FAILED, 0, null, error);
            events.record(sweepId, EventKind.FAILURE, stack.stackId(), null, error);
        });
        meters.trialsMoved(TrialStatus.RUNNING, TrialStatus.FAILED, stack.size());
        meters.failed(stack.size());
    }

    /** Records the stack's results; its checkpoints are no longer needed (the weights are in .npz files). */
    void stackEvaluated(StackAssignment stack, List<TrialEvaluation> results) {
        List<CheckpointRow> obsolete = new ArrayList<>();
        write(() -> {
            for (TrialEvaluation result : results) {
                trials.complete(sweepId, result.trialId(), result.status(), Json.write(result.metrics()),
                        stack.steps());
            }
            stacks.setProgress(sweepId, stack.stackId(), StackStatus.DONE, stack.steps(), null, null);
            events.record(sweepId, EventKind.DONE, stack.stackId(), null, results.size() + " trials evaluated");
            obsolete.addAll(checkpoints.deleteAll(sweepId, stack.stackId()));
        });
        for (TrialEvaluation result : results) {
            if (diverged.contains(result.trialId())) {
                continue;
            }
            if (result.status() == TrialStatus.DIVERGED) {
                meters.diverged(1);
            }
            meters.trialsMoved(TrialStatus.RUNNING, result.status(), 1);
        }
        obsolete.forEach(row -> deleteFile(row.path()));
    }

    private void deleteFile(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            events.record(sweepId, EventKind.CLEANUP_FAILED, null, null, "cannot delete " + path + ": " + e.getMessage());
        }
    }
}
