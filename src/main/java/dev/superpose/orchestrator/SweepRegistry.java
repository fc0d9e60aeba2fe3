package dev.superpose.orchestrator;

import dev.superpose.config.BadInputException;
import dev.superpose.config.ConfigDiff;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.Json;
import dev.superpose.eval.TrialStatus;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.NewTrial;
import dev.superpose.store.StackRepository;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Identity and resume (DESIGN.md §6): a new sweep name is recorded with all its trials and
 * stacks; an existing name with the same config hash resumes, skipping finished trials; an
 * existing name with a different hash is refused with what differs.
 */
public final class SweepRegistry {

    /** The sweep's row id, the stacks still to train, and what earlier runs already finished. */
    public record Registration(long sweepId, boolean resumed, List<StackAssignment> pending,
                               SweepOutcome alreadyFinished) {
    }

    private SweepRegistry() {
    }

    /**
     * @param restartFailed re-queue the trials an earlier run recorded as failed (their stacks
     *                      continue from their last checkpoints)
     */
    public static Registration register(Database db, SweepPlan plan, List<StackAssignment> stacks,
                                        boolean restartFailed) {
        SweepRepository sweeps = new SweepRepository(db);
        TrialRepository trials = new TrialRepository(db);
        SweepRow sweep = sweeps.findByName(plan.name()).orElse(null);
        boolean resumed = sweep != null;
        if (sweep == null) {
            sweep = sweeps.create(plan.name(), plan.experiment().id(), plan.configHash(), plan.canonicalConfig(),
                    plan.trials().size());
        } else if (!sweep.configHash().equals(plan.configHash())) {
            throw new BadInputException("sweep '" + plan.name() + "' already exists in this home with a different"
                    + " config (" + String.join("; ", ConfigDiff.describe(sweep.configJson(), plan.canonicalConfig()))
                    + "); run it unchanged to resume, or give it a new name with --set sweep.name=NEW");
        }
        if (restartFailed) {
            requeueFailed(db, sweep.id());
        }
        // Idempotent: a run killed during registration completes it on the next start.
        Map<String, TrialRow> stored = trials.list(sweep.id()).stream()
                .collect(Collectors.toMap(TrialRow::trialId, Function.identity()));
        List<NewTrial> missing = plan.trials().stream().filter(t -> !stored.containsKey(t.trialId()))
                .map(SweepRegistry::newTrial).toList();
        if (!missing.isEmpty()) {
            trials.insertAll(sweep.id(), missing);
        }
        StackRepository stackRows = new StackRepository(db);
        for (StackAssignment stack : stacks) {
            stackRows.upsert(sweep.id(), stack.stackId(), stack.steps(), stack.trialIds());
        }
        List<StackAssignment> pending = stacks.stream()
                .filter(s -> s.trialIds().stream().anyMatch(id -> !isFinal(stored.get(id))))
                .toList();
        return new Registration(sweep.id(), resumed, pending, finishedCounts(stored));
    }

    private static void requeueFailed(Database db, long sweepId) {
        TrialRepository trials = new TrialRepository(db);
        List<String> failed = trials.list(sweepId).stream()
                .filter(t -> t.status().equals(TrialStatus.FAILED.id())).map(TrialRow::trialId).toList();
        if (!failed.isEmpty()) {
            trials.setStatus(sweepId, failed, TrialStatus.PENDING.id(), null);
            new EventRepository(db).record(sweepId, "restart-failed", null, null,
                    failed.size() + " failed trials re-queued by --restart-failed");
        }
    }

    private static boolean isFinal(TrialRow row) {
        return row != null && TrialStatus.byId(row.status()).isFinal();
    }

    private static SweepOutcome finishedCounts(Map<String, TrialRow> stored) {
        int done = 0;
        int failed = 0;
        int diverged = 0;
        for (TrialRow row : stored.values()) {
            switch (TrialStatus.byId(row.status())) {
                case DONE -> done++;
                case FAILED -> failed++;
                case DIVERGED -> diverged++;
                default -> {
                }
            }
        }
        return new SweepOutcome(done + failed + diverged, done, failed, diverged, false);
    }

    private static NewTrial newTrial(TrialSpec t) {
        return new NewTrial(t.trialId(), t.index(), t.seed(), Json.write(t.gridPoint()), Json.write(t.config()));
    }
}
