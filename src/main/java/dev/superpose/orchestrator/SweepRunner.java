package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.superpose.config.SweepPlan;
import dev.superpose.config.TrialSpec;
import dev.superpose.eval.ExperimentOutputs;
import dev.superpose.eval.StackEvaluator;
import dev.superpose.eval.SweepExporter;
import dev.superpose.files.OwnerOnly;
import dev.superpose.metrics.SuperposeMetrics;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.metrics.TrialStates;
import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Database;
import dev.superpose.store.HomeLock;
import dev.superpose.store.InputFileRepository;
import dev.superpose.store.SweepRepository;
import dev.superpose.store.SweepRow;
import dev.superpose.train.StackMemory;
import dev.superpose.train.StackTrainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sweep to the end: records (or resumes) it in H2, trains its pending stacks with an
 * actor system of one supervisor, {@code trainers} trainers and {@code evaluators} evaluators,
 * then writes its tables and figures.
 */
public final class SweepRunner {
    /** Exit code of a run interrupted by Ctrl-C / SIGTERM, which is resumable (README, "Exit codes"). */
    public static final int EXIT_INTERRUPTED = 130;
    /** How long stopping the actors may take before the run ends without them. */
    private static final long TERMINATION_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    /**
     * Where and with how many workers a sweep runs, the actor system's settings (the cluster's when
     * the run node accepts workers), whether failed trials are re-queued, the registry its meters go to, and what to
     * tell the user when Ctrl-C / SIGTERM interrupts it (printed just before the exit with 130).
     */
    public record Options(Path home, int trainers, int evaluators, boolean restartFailed, SuperposeMetrics metrics,
                          Runnable onInterrupted, Config akka) {
        /** The home is made absolute: paths derived from it (and stored) do not depend on the working directory. */
        public Options {
            home = home.toAbsolutePath().normalize();
        }

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
    @SuppressWarnings("try") // the home lock is held for the run, never called
    public SweepOutcome run(SweepPlan plan) {
        StackTrainers.checkInputs(plan.trials().stream().map(TrialSpec::config).toList(), options.home(),
                plan.policy().stackSize(), new StackMemory(options.trainers(), Pointer.maxBytes(),
                        "-Dorg.bytedeco.javacpp.maxbytes, by default the -Xmx heap size", Runtime.getRuntime().maxMemory()));
        InterruptGuard guard = new InterruptGuard(options.onInterrupted());
        try (HomeLock lock = HomeLock.acquire(options.home())) {
            return run(plan, guard);
        } finally {
            guard.runClosed();
        }
    }

    private SweepOutcome run(SweepPlan asLoaded, InterruptGuard guard) {
        InputFiles inputs = InputFiles.of(asLoaded, options.home());
        try (Database db = Database.open(options.home())) {
            SweepRepository sweeps = new SweepRepository(db);
            Optional<SweepRow> existing = sweeps.findByName(asLoaded.name());
            ModelsDirMarker marker = new ModelsDirMarker(options.modelsDir(asLoaded.name()), asLoaded.name());
            marker.requireBelongsTo(existing.map(row -> sweeps.uid(row.id())));
            InputFileRepository inputRows = new InputFileRepository(db);
            existing.ifPresent(row -> inputs.requireUnchanged(inputRows.list(row.id()), asLoaded.name()));
            existing.ifPresent(row -> MissingWeights.requeue(db, row.id(), options.modelsDir(asLoaded.name())));
            SweepRegistry.Registration registration = SweepRegistry.register(db, asLoaded, options.restartFailed());
            SweepPlan plan = registration.plan(); // with the stored trial ids (an extended sweep's differ)
            if (registration.trialsAdded() > 0 && registration.resumed()) {
                progress.extended(plan.name(), registration.trialsAdded(), plan.trials().size());
            }
            inputRows.record(registration.sweepId(), inputs.digests());
            OwnerOnly.directory(options.home().resolve("models"));
            Files.createDirectories(options.modelsDir(plan.name()));
            marker.mark(sweeps.uid(registration.sweepId()));
            new SweepRepository(db).setStatus(registration.sweepId(), SweepState.RUNNING);
            SweepMeters meters = options.metrics().sweep(plan.name(), plan.experiment().id());
            reportStart(plan, registration, meters);

            CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
            // one for the run: what evaluating a stack loads (an SAE's transformer probe) serves the rest and the export
            ExperimentOutputs outputs = ExperimentOutputs.of(plan.experiment(), options.home());
            SweepSupervisor.Settings settings = new SweepSupervisor.Settings(plan.name(), plan.policy(),
                    registration.pending(), options.trainers(), options.evaluators(),
                    options.home(), options.checkpointDir(plan.name()),
                    new SweepRecorder(db, registration.sweepId(), meters),
                    new StackEvaluator(options.modelsDir(plan.name()), outputs)::evaluate, progress,
                    registration.alreadyFinished(),
                    outcome, meters);
            ActorSystem<Void> system = ActorSystem.create(guardian(settings, guard), "superpose", options.akka());
            // A system that stops by itself (a fatal error in an actor) leaves nobody to complete the outcome.
            system.getWhenTerminated().thenRun(() -> outcome.completeExceptionally(new RunAbortedException(
                    "the actor system stopped before the sweep ended (the log says why)", null)));
            SweepOutcome result;
            try {
                result = outcome.join();
            } catch (CompletionException e) {
                recordAborted(db, registration.sweepId(), e.getCause());
                throw (RunAbortedException) e.getCause();
            } finally {
                terminate(system);
            }
            settings.recorder().flushLossPoints(); // the supervisor is gone: this thread is the only writer now
            if (result.interrupted()) {
                new SweepRepository(db).setStatus(registration.sweepId(), SweepState.INTERRUPTED);
                return result;
            }
            List<String> missing = new SweepExporter(db, options.resultsDir(plan.name()), options.modelsDir(plan.name()),
                    outputs).export(registration.sweepId(), plan);
            if (!missing.isEmpty()) { // deleted while the sweep ran: the next run trains them again
                LOG.warn("the weights of finished trials {} vanished from {} during the run; the outputs leave them"
                        + " out, and running the sweep again trains them again", missing, options.modelsDir(plan.name()));
            }
            new SweepRepository(db).setStatus(registration.sweepId(), result.allSucceeded() ? SweepState.DONE : SweepState.FAILED);
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

    /**
     * Stops the actors. A trainer stops at the end of its current chunk; one that does not within
     * {@link #TERMINATION_SECONDS} is left behind (its last checkpoint is on disk) rather than keeping
     * the process, the home lock and the user waiting.
     */
    private static void terminate(ActorSystem<Void> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("the actors did not stop within {} s; going on without them", TERMINATION_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks the sweep interrupted if the database still takes writes (it may be why the run stopped). */
    private static void recordAborted(Database db, long sweepId, Throwable cause) {
        try {
            new SweepRepository(db).setStatus(sweepId, SweepState.INTERRUPTED);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * The root actor: it starts the supervisor on the JDBC dispatcher (its single-writer thread) and
     * watches it: a supervisor that stops before completing the outcome (an exception while
     * recording, e.g. H2 closed on a full disk) ends the run at once instead of leaving it waiting.
     */
    private static Behavior<Void> guardian(SweepSupervisor.Settings settings, InterruptGuard guard) {
        return Behaviors.setup(ctx -> {
            ActorRef<SupervisorProtocol.Command> supervisor = ctx.spawn(SweepSupervisor.create(settings),
                    "sweep-" + settings.sweep(), DispatcherSelector.fromConfig("superpose.jdbc-dispatcher"));
            ctx.watch(supervisor);
            guard.supervisorStarted(supervisor);
            return Behaviors.receive(Void.class)
                    .onSignal(ChildFailed.class, failed -> aborted(settings, failed.cause()))
                    .onSignal(Terminated.class, stopped -> aborted(settings, null))
                    .build();
        });
    }

    private static Behavior<Void> aborted(SweepSupervisor.Settings settings, Throwable cause) {
        String reason = cause == null ? "it stopped" : describe(cause);
        settings.outcome().completeExceptionally(new RunAbortedException(
                "the sweep supervisor stopped before the sweep ended: " + reason, cause));
        return Behaviors.stopped();
    }

    /** The innermost cause's message, which names what failed (the file, the full disk), in one line. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == cause ? String.valueOf(cause.getMessage())
                : cause.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return message.lines().findFirst().orElse(message);
    }
}
