package dev.superpose.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.superpose.cluster.ClusterConfig;
import dev.superpose.cluster.EndedSweep;
import dev.superpose.config.BadInputException;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.orchestrator.ProgressListener;
import dev.superpose.orchestrator.SweepChangedException;
import dev.superpose.orchestrator.SweepOutcome;
import dev.superpose.orchestrator.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code superpose run FILE}: runs a sweep, or resumes it when it was stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a sweep file; run it again to resume where it stopped.")
final class RunCommand implements Callable<Integer> {
    /** Without a terminal, a progress line at least this often while steps are trained (and per finished stack). */
    private static final Duration PROGRESS_LOG_EVERY = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file (HOCON).")
    private Path file;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a setting, e.g. --set train.steps=2000 (repeatable; HOCON values).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Where results/ and models/ are written (default: the current directory).")
    private Path home;

    @Option(names = "--trainers", paramLabel = "N", defaultValue = "1",
            description = "Stacks trained at once on this machine, 1 to " + WorkerCounts.MAX_TRAINERS
                    + " (default: ${DEFAULT-VALUE}; 0 with --cluster-port: only workers train).")
    private int trainers;

    @Option(names = "--cluster-port", paramLabel = "PORT",
            description = "Accept workers (superpose worker --join HOST:PORT) on this port.")
    private Integer clusterPort;

    @Option(names = "--cluster-linger", paramLabel = "DURATION", defaultValue = "30s",
            description = "With --cluster-port: once the sweep has ended, stay this long to tell workers that join"
                    + " late that it has (they exit 0), e.g. 30s, 5m, 0 (default: ${DEFAULT-VALUE}).")
    private String clusterLinger;

    @Mixin
    private ClusterNodeOptions cluster = new ClusterNodeOptions();

    @Option(names = "--restart-failed",
            description = "Re-queue the trials an earlier run of this sweep recorded as failed.")
    private boolean restartFailed;

    @Option(names = "--evaluators", paramLabel = "N", defaultValue = "1",
            description = "Trained stacks evaluated at once, 1 to " + WorkerCounts.MAX_EVALUATORS
                    + " (default: ${DEFAULT-VALUE}).")
    private int evaluators;

    @Mixin
    private MetricsOptions metricsOptions = new MetricsOptions();

    @Override
    public Integer call() {
        WorkerCounts.requireTrainers(trainers, clusterPort == null ? 1 : 0);
        if (clusterPort == null && cluster.tlsGiven()) {
            throw new BadInputException("--tls-keystore: only with --cluster-port (it secures the cluster's traffic)");
        }
        Duration linger = ClusterConfig.linger(clusterLinger);
        if (clusterPort == null && spec.commandLine().getParseResult().hasMatchedOption("--cluster-linger")) {
            throw new BadInputException("--cluster-linger: only with --cluster-port (it is how long workers are"
                    + " told that the sweep has ended)");
        }
        Config akka = clusterPort == null ? ConfigFactory.load() : cluster.runNode(clusterPort);
        WorkerCounts.requireEvaluators(evaluators);
        NativeBackend.require();
        SweepPlan plan = SweepLoader.load(file, overrides);
        requireWritableHome();
        PrintWriter err = spec.commandLine().getErr();
        plan.warnings().forEach(w -> err.println("superpose: warning: " + w));

        TerminalProgress bar = new TerminalProgress(System.err);
        ProgressListener progress = System.console() != null ? bar
                : new ProgressLog(err, PROGRESS_LOG_EVERY, System::nanoTime);
        SweepOutcome outcome;
        try (MetricsOptions.Served served = metricsOptions.serve(err)) {
            Runnable onInterrupted = () -> {
                bar.close();
                err.println("superpose: interrupted; every stack in training was checkpointed. Resume with the same"
                        + " command: " + ShellCommand.of(spec.commandLine().getParseResult().originalArgs()));
                err.flush();
            };
            if (clusterPort != null) {
                err.println("superpose: accepting workers: " + ShellCommand.of("worker", "--join", cluster.host() + ":" + clusterPort));
                err.flush();
            }
            try {
                outcome = new SweepRunner(new SweepRunner.Options(home, trainers, evaluators, restartFailed,
                        served.metrics(), onInterrupted, akka), progress).run(plan);
            } catch (SweepChangedException e) {
                throw new BadInputException(e.getMessage() + " " + ShellCommand.of(homeArgs("rm", e.sweep())), e);
            }
        } finally {
            bar.close();
        }
        if (outcome.interrupted()) {
            return Main.EXIT_INTERRUPTED; // the interrupt hook reports and ends the process
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sweep %s: %d trials, %d done, %d diverged, %d failed%n", plan.name(), outcome.trialsTotal(),
                outcome.done(), outcome.diverged(), outcome.failed());
        out.printf("results: %s%nweights: %s%n", home.resolve("results").resolve(plan.name()),
                home.resolve("models").resolve(plan.name()));
        out.println("status:  " + ShellCommand.of(homeArgs("status", plan.name())));
        out.flush();
        int exitCode = outcome.allSucceeded() ? Main.EXIT_DONE : Main.EXIT_FAILED_TRIALS;
        if (clusterPort != null && !linger.isZero()) {
            tellLateWorkers(akka, plan.name(), linger, exitCode, err);
        }
        return exitCode;
    }

    /** The run node stays {@code linger} in the cluster to tell workers that join late that the sweep has ended. */
    private void tellLateWorkers(Config akka, String sweep, Duration linger, int exitCode, PrintWriter err) {
        err.println("superpose: sweep " + sweep + " has ended; workers that join " + cluster.host() + ":" + clusterPort
                + " within " + ClusterConfig.describe(linger) + " are told so and exit 0 (--cluster-linger; Ctrl-C"
                + " ends this now)");
        err.flush();
        try {
            EndedSweep.linger(akka, sweep, linger, exitCode);
        } catch (RuntimeException e) { // the port stayed taken: the sweep's outputs are written and its exit code stands
            err.println("superpose: warning: could not stay reachable for late workers on port " + clusterPort + ": "
                    + e.getMessage());
        }
    }

    /** {@code args}, then {@code --home} as given when it is not the default. */
    private List<String> homeArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!home.equals(Path.of("."))) {
            all.addAll(List.of("--home", home.toString()));
        }
        return all;
    }

    /** Refuses a home that cannot hold results/ and models/, before anything is written. */
    private void requireWritableHome() {
        Path dir = home.toAbsolutePath();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new BadInputException("--home " + home + ": expected a writable directory");
        }
        for (String sub : List.of("results", "models")) {
            Path p = home.resolve(sub);
            if (Files.exists(p) && (!Files.isDirectory(p) || !Files.isWritable(p))) {
                throw new BadInputException("--home " + home + ": " + p + " must be a writable directory");
            }
        }
    }
}
