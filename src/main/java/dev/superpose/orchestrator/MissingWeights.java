package dev.superpose.orchestrator;

import dev.superpose.eval.StackEvaluator;
import dev.superpose.store.Lifecycle.EventKind;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.StackRepository;
import dev.superpose.store.StackRow;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A finished trial whose weights file is gone (deleted by hand, lost with a disk) cannot be
 * exported; its stack is trained again, which gives the same weights (training is a pure function
 * of the config), instead of every later export and run failing on the missing file.
 */
final class MissingWeights {
    private MissingWeights() {
    }

    /**
     * Sets every trial of each stack that holds a finished trial without its {@code .npz} back to
     * pending (the whole stack, so that its evaluation counts each trial once), with an event.
     *
     * @return the trials whose weights were missing
     */
    static List<String> requeue(Database db, long sweepId, Path modelsDir) {
        TrialRepository trials = new TrialRepository(db);
        Set<String> missing = trials.list(sweepId).stream()
                .filter(t -> t.status() == TrialStatus.DONE)
                .map(TrialRow::trialId)
                .filter(id -> !Files.isRegularFile(StackEvaluator.weightsFile(modelsDir, id)))
                .collect(Collectors.toSet());
        EventRepository events = new EventRepository(db);
        for (StackRow stack : new StackRepository(db).list(sweepId)) {
            List<String> lost = stack.trialIds().stream().filter(missing::contains).toList();
            if (!lost.isEmpty()) {
                trials.setStatus(sweepId, stack.trialIds(), TrialStatus.PENDING, null);
                events.record(sweepId, EventKind.WEIGHTS_MISSING, stack.stackId(), null, "no weights file for "
                        + String.join(", ", lost) + " in " + modelsDir + "; the stack is trained again");
            }
        }
        return missing.stream().sorted().toList();
    }
}
