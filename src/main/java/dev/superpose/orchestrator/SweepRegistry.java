package dev.superpose.orchestrator;

import dev.superpose.config.ConfigDiff;
import dev.superpose.config.SweepExtension;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.Json;
import dev.superpose.store.Lifecycle.EventKind;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.NewTrial;
import dev.superpose.store.StackRepository;
import dev.superpose.store.StackRow;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Identity and resume (README, "Identity and resume"): a new sweep name is recorded with all its trials and
 * stacks; an existing name with the same config hash resumes, skipping finished trials; an
 * existing name whose config only adds seeds or grid values ({@link SweepExtension}) is extended:
 * its trials keep their ids, stacks and results, and the new trials are appended; any other
 * change is refused with what differs.
 */
public final class SweepRegistry {
    private static final Pattern STACK_NUMBER = Pattern.compile("s(\\d+)");

    /**
     * The sweep's row id, its plan with the stored trial ids, the stacks still to train, what
     * earlier runs already finished, and how many trials this registration added to an existing sweep.
     */
    public record Registration(long sweepId, boolean resumed, SweepPlan plan, List<StackAssignment> pending,
                               SweepOutcome alreadyFinished, int trialsAdded) {
    }

    private SweepRegistry() {
    }

    /**
     * @param restartFailed re-queue the trials an earlier run recorded as failed (their stacks
     *                      continue from their last checkpoints)
     */
    public static Registration register(Database db, SweepPlan plan, boolean restartFailed) {
        SweepRepository sweeps = new SweepRepository(db);
        TrialRepository trials = new TrialRepository(db);
        SweepRow sweep = sweeps.findByName(plan.name()).orElse(null);
        boolean resumed = sweep != null;
        boolean extending = false;
        if (sweep == null) {
            sweep = sweeps.create(plan.name(), plan.experiment().id(), plan.configHash(), plan.canonicalConfig(),
                    plan.trials().size());
        } else if (!sweep.configHash().equals(plan.configHash())) {
            String stored = sweep.configJson();
            extending = true;
            SweepExtension.whyNot(stored, plan.canonicalConfig()).ifPresent(why -> {
                throw new SweepChangedException(plan.name(), refusal(plan, stored, why));
            });
        }
        if (restartFailed) {
            requeueFailed(db, sweep.id());
        }
        // Idempotent: a run killed during registration (or an extension) completes it on the next start.
        List<TrialRow> storedRows = trials.list(sweep.id());
        SweepPlan aligned = aligned(storedRows, plan);
        Map<String, TrialRow> stored = storedRows.stream()
                .collect(Collectors.toMap(TrialRow::trialId, Function.identity()));
        List<NewTrial> missing = aligned.trials().stream().filter(t -> !stored.containsKey(t.trialId()))
                .map(SweepRegistry::newTrial).toList();
        if (!missing.isEmpty()) {
            trials.insertAll(sweep.id(), missing);
        }
        StackRepository stackRows = new StackRepository(db);
        List<StackAssignment> stacks = stacks(stackRows.list(sweep.id()), aligned);
        for (StackAssignment stack : stacks) {
            stackRows.upsert(sweep.id(), stack.stackId(), stack.steps(), stack.trialIds());
        }
        if (extending) {
            sweeps.extend(sweep.id(), plan.configHash(), plan.canonicalConfig(), aligned.trials().size());
            new EventRepository(db).record(sweep.id(), EventKind.EXTENDED, null, null, missing.size()
                    + " trials added: " + String.join("; ", ConfigDiff.describe(sweep.configJson(), plan.canonicalConfig())));
        }
        List<StackAssignment> pending = stacks.stream()
                .filter(s -> s.trialIds().stream().anyMatch(id -> !isFinal(stored.get(id))))
                .toList();
        return new Registration(sweep.id(), resumed, aligned, pending, finishedCounts(stored), missing.size());
    }

    /**
     * {@code plan} with the ids and indices its trials have in the store, matched by grid point
     * and seed; trials the store does not hold yet are numbered after the stored ones. For a sweep
     * never extended this is {@code plan} itself.
     *
     * @throws IllegalStateException if a stored trial is not in {@code plan} (checked by identity before)
     */
    public static SweepPlan aligned(List<TrialRow> storedRows, SweepPlan plan) {
        Map<String, TrialRow> byKey = storedRows.stream().collect(Collectors.toMap(
                r -> SweepExtension.trialKey(Json.readObject(r.gridPointJson(), Object.class), r.seed()),
                Function.identity()));
        int next = storedRows.stream().mapToInt(TrialRow::index).max().orElse(-1) + 1;
        int width = Math.max(4, String.valueOf(Math.max(plan.trials().size(), next) - 1).length());
        List<TrialSpec> trials = new ArrayList<>(plan.trials().size());
        int matched = 0;
        for (TrialSpec t : plan.trials()) {
            TrialRow row = byKey.get(SweepExtension.trialKey(t.gridPoint(), t.seed()));
            if (row != null) {
                matched++;
                trials.add(new TrialSpec(row.trialId(), row.index(), t.seed(), t.gridPoint(), t.config()));
            } else {
                int index = next++;
                trials.add(new TrialSpec(String.format("t%0" + width + "d", index), index, t.seed(), t.gridPoint(),
                        t.config()));
            }
        }
        if (matched != storedRows.size()) {
            throw new IllegalStateException("sweep " + plan.name() + ": " + (storedRows.size() - matched)
                    + " stored trials are not in its plan");
        }
        trials.sort(Comparator.comparingInt(TrialSpec::index));
        return new SweepPlan(plan.name(), plan.experiment(), plan.policy(), plan.gridPaths(), trials,
                plan.canonicalConfig(), plan.configHash(), plan.warnings());
    }

    /**
     * The stored stacks, as they were planned, and new stacks for the trials in none of them:
     * a stack's trials and its checkpoints belong together, so a resume never re-packs them.
     */
    private static List<StackAssignment> stacks(List<StackRow> storedStacks, SweepPlan aligned) {
        Map<String, TrialSpec> byId = aligned.trials().stream()
                .collect(Collectors.toMap(TrialSpec::trialId, Function.identity()));
        List<StackAssignment> stacks = new ArrayList<>();
        Set<String> stacked = new HashSet<>();
        int next = 0;
        for (StackRow row : storedStacks) {
            if (row.trialIds().isEmpty()) {
                continue;
            }
            stacks.add(new StackAssignment(row.stackId(), row.trialIds(),
                    row.trialIds().stream().map(id -> byId.get(id).config()).toList()));
            stacked.addAll(row.trialIds());
            Matcher number = STACK_NUMBER.matcher(row.stackId());
            if (number.matches()) {
                next = Math.max(next, Integer.parseInt(number.group(1)) + 1);
            }
        }
        List<TrialSpec> unstacked = aligned.trials().stream().filter(t -> !stacked.contains(t.trialId())).toList();
        stacks.addAll(StackPlanner.plan(unstacked, aligned.policy().stackSize(), next));
        return stacks;
    }

    /** What differs, why it is no extension, and the three ways on (the last one's command follows). */
    private static String refusal(SweepPlan plan, String stored, String whyNotExtension) {
        return "sweep '" + plan.name() + "' already exists in this home with a different config ("
                + String.join("; ", ConfigDiff.describe(stored, plan.canonicalConfig())) + "), and it is not an"
                + " extension: " + whyNotExtension + ". If you did not change those settings, the preset file or"
                + " superpose's defaults did since the sweep was created. Run it as it was to resume it (only seeds"
                + " and grid values may be added to an existing sweep); to keep it and start another,"
                + " --set sweep.name=NEW; to replace it, remove it first:";
    }

    private static void requeueFailed(Database db, long sweepId) {
        TrialRepository trials = new TrialRepository(db);
        List<String> failed = trials.list(sweepId).stream()
                .filter(t -> t.status() == TrialStatus.FAILED).map(TrialRow::trialId).toList();
        if (!failed.isEmpty()) {
            trials.setStatus(sweepId, failed, TrialStatus.PENDING, null);
            new EventRepository(db).record(sweepId, EventKind.RESTART_FAILED, null, null,
                    failed.size() + " failed trials re-queued by --restart-failed");
        }
    }

    private static boolean isFinal(TrialRow row) {
        return row != null && row.status().isFinal();
    }

    private static SweepOutcome finishedCounts(Map<String, TrialRow> stored) {
        int done = 0;
        int failed = 0;
        int diverged = 0;
        for (TrialRow row : stored.values()) {
            switch (row.status()) {
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
