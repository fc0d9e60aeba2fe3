package dev.superpose.orchestrator;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.StackEvaluator;
import dev.superpose.eval.SweepExporter;
import dev.superpose.files.OwnerOnly;
import dev.superpose.metrics.SuperposeMetrics;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.metrics.TrialStates;
import dev.superpose.store.Database;
import dev.superpose.store.HomeLock;
import dev.superpose.store.SweepRepository;
import dev.superpose.train.StackTrainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Runs one sweep to the end: records (or resumes) it in H2, trains its pending stacks with an
 * actor system of one supervisor, {@code trainers} trainers and {@code evaluators} evaluators,
 * then writes its tables and figures.
 */
public final class SweepRunner {
    /** Exit code of a run interrupted by Ctrl-C / SIGTERM, which is resumable (DESIGN.md §6). */
    public static final int EXIT_INTERRUPTED = 130;

    /**
     * Where and with how many workers a sweep runs, the actor system's settings (the cluster's when
     * the run node accepts workers), whether failed trials are re-queued, the registry its meters go to, and what to
     * tell the user when Ctrl-C / SIGTERM interrupts it (printed just before the exit with 130).
     */
    public record Options(Path home, int trainers, int evaluators, boolean restartFailed, SuperposeMetrics metrics,
                          Runnable onInterrupted, Config akka) {
        /** A run on this node alone, with application.conf's actor-system settings. */
        public Options(Path home, int trainers, int evaluators, boolean restartFailed, SuperposeMetrics metrics,
                       Runnable onInterrupted) {
            this(home, trainers, evaluators, restartFailed, metrics, onInterrupted, ConfigFactory.load());
        }

        public Path resultsDir(String sweep) {
            return home.resolve("results").resolve(sweep);
        }

        public Path modelsDir(String sweep) {
            return home.resolve("models").resolve(sweep);
        }

        public Path checkpointDir(String sweep) {
            return modelsDir(sweep).resolve("checkpoints");
        }
    }

    private final Options options;
    private final ProgressListener progress;

    public SweepRunner(Options options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs the sweep to its end, or until Ctrl-C / SIGTERM: then every stack in training is
     * checkpointed, H2 is closed, {@code onInterrupted} runs and the process exits with 130.
     */
    public SweepOutcome run(SweepPlan plan) {
        StackTrainers.checkInputs(plan.trials().stream().map(TrialSpec::config).toList(), options.home());
        InterruptGuard guard = new InterruptGuard(options.onInterrupted());
        try (HomeLock lock = HomeLock.acquire(options.home())) {
            return run(plan, guard);
        } finally {
            guard.runClosed();
        }
    }

    private SweepOutcome run(SweepPlan plan, InterruptGuard guard) {
        try (Database db = Database.open(options.home())) {
            List<StackAssignment> stacks = StackPlanner.plan(plan.trials(), plan.policy().stackSize());
            SweepRegistry.Registration registration = SweepRegistry.register(db, plan, stacks, options.restartFailed());
            OwnerOnly.directory(options.home().resolve("models"));
            Files.createDirectories(options.modelsDir(plan.name()));
            new SweepRepository(db).setStatus(registration.sweepId(), "running");
            SweepMeters meters = options.metrics().sweep(plan.name(), plan.experiment().id());
            reportStart(plan, registration, meters);

            CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
            SweepSupervisor.Settings settings = new SweepSupervisor.Settings(plan.name(), plan.policy(),
                    registration.pending(), options.trainers(), options.evaluators(),
                    options.home(), options.checkpointDir(plan.name()),
                    new SweepRecorder(db, registration.sweepId(), meters),
                    new StackEvaluator(options.modelsDir(plan.name()), options.home()), progress,
                    registration.alreadyFinished(),
                    outcome, meters);
            ActorSystem<Void> system = ActorSystem.create(guardian(settings, guard), "superpose", options.akka());
            SweepOutcome result;
            try {
                result = outcome.join();
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
            if (result.interrupted()) {
                new SweepRepository(db).setStatus(registration.sweepId(), "interrupted");
                return result;
            }
            new SweepExporter(db, options.resultsDir(plan.name()), options.modelsDir(plan.name()), options.home())
                    .export(registration.sweepId(), plan);
            new SweepRepository(db).setStatus(registration.sweepId(), result.allSucceeded() ? "done" : "failed");
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reportStart(SweepPlan plan, SweepRegistry.Registration registration, SweepMeters meters) {
        Set<String> pendingTrials = registration.pending().stream().flatMap(s -> s.trialIds().stream())
                .collect(Collectors.toSet());
        long totalSteps = 0;
        long doneSteps = 0;
        for (TrialSpec trial : plan.trials()) {
            long steps = trial.config().train().steps();
            totalSteps += steps;
            if (!pendingTrials.contains(trial.trialId())) {
                doneSteps += steps;
            }
        }
        progress.started(plan.name(), plan.trials().size(), plan.trials().size() - pendingTrials.size(),
                totalSteps, doneSteps);
        SweepOutcome finished = registration.alreadyFinished();
        meters.trialStates(new TrialStates(pendingTrials.size(), 0, finished.done(), finished.failed(), finished.diverged()));
        meters.started(totalSteps, doneSteps);
    }

    /** The root actor: it only starts the supervisor on the JDBC dispatcher (its single-writer thread). */
    private static Behavior<Void> guardian(SweepSupervisor.Settings settings, InterruptGuard guard) {
        return Behaviors.setup(ctx -> {
            guard.supervisorStarted(ctx.spawn(SweepSupervisor.create(settings), "sweep-" + settings.sweep(),
                    DispatcherSelector.fromConfig("superpose.jdbc-dispatcher")));
            return Behaviors.empty();
        });
    }
}
