package dev.superpose.cli;

import dev.superpose.config.BadInputException;
import dev.superpose.orchestrator.TrainerSlots;
import dev.superpose.store.Database;
import dev.superpose.store.EventRow;
import dev.superpose.store.HomeLock;
import dev.superpose.store.Lifecycle.SweepState;
import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.StackRow;
import dev.superpose.store.StatusRepository;
import dev.superpose.store.StoreException;
import dev.superpose.store.SweepDetail;
import dev.superpose.store.SweepStatus;
import dev.superpose.store.TrainerActivity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code superpose status [SWEEP]}: one line per sweep of a home (progress, throughput, ETA, last
 * event and error), or one sweep with its stacks, the trainers at work (by node and device, while
 * it runs) and failed trials. Reads while a run writes.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the sweeps of a home, or one sweep with its stacks and failed trials.")
final class StatusCommand implements Callable<Integer> {
    private static final int ERROR_WIDTH = 60;
    /** The trial counts shown, in their columns' order: done first, as that is what a reader looks for. */
    private static final List<TrialStatus> COUNT_COLUMNS = List.of(TrialStatus.DONE, TrialStatus.RUNNING,
            TrialStatus.PENDING, TrialStatus.FAILED, TrialStatus.DIVERGED);
    private static final List<String> SWEEP_HEADER = sweepHeader();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP", description = "Show this sweep in detail.")
    private String sweep;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "The home whose results/ to read (default: the current directory).")
    private Path home;

    @Override
    public Integer call() {
        Path file = home.resolve("results").resolve("superpose.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--home " + home + ": no superpose database at " + file
                    + "; run a sweep there first");
        }
        Instant now = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        boolean runActive = HomeLock.isHeld(home);
        try (Database db = Database.openReadOnly(home)) {
            StatusRepository status = new StatusRepository(db);
            if (sweep == null) {
                printSweeps(out, status.sweeps(now), now, runActive);
            } else {
                SweepDetail detail = status.sweep(sweep, now).orElseThrow(() -> unknownSweep(status, now));
                printDetail(out, detail, now, runActive);
            }
        } catch (StoreException e) {
            throw new BadInputException("--home " + home + ": cannot read the database: " + e.getMessage());
        }
        return Main.EXIT_DONE;
    }

    private BadInputException unknownSweep(StatusRepository status, Instant now) {
        List<String> known = status.sweeps(now).stream().map(SweepStatus::name).toList();
        return new BadInputException("no sweep '" + sweep + "' in " + home + "; known sweeps: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    private static void printSweeps(PrintWriter out, List<SweepStatus> sweeps, Instant now, boolean runActive) {
        if (sweeps.isEmpty()) {
            out.println("no sweeps yet");
            return;
        }
        TextTable table = new TextTable(SWEEP_HEADER);
        sweeps.forEach(s -> table.add(sweepCells(s, now, runActive)));
        table.print(out);
    }

    private static void printDetail(PrintWriter out, SweepDetail detail, Instant now, boolean runActive) {
        printSweeps(out, List.of(detail.status()), now, runActive);
        out.println();
        TextTable stacks = new TextTable(List.of("STACK", "STATUS", "TRIALS", "STEPS", "TRAINER", "ERROR"));
        for (StackRow stack : detail.stacks()) {
            stacks.add(List.of(stack.stackId(), stack.status().id(), Integer.toString(stack.trialIds().size()),
                    stack.stepsDone() + "/" + stack.stepsTotal(), orDash(stack.trainer()), clip(stack.error())));
        }
        stacks.print(out);
        out.println();
        if (runActive && detail.status().status() == SweepState.RUNNING) {
            printTrainers(out, detail.trainers(), now);
        }
        if (detail.failedTrials().isEmpty()) {
            out.println("no failed trials");
        } else {
            out.println("failed trials:");
            detail.failedTrials().forEach(t -> out.println("  " + t.trialId() + " (stack " + orDash(t.stackId())
                    + "): " + orDash(t.error())));
        }
    }

    /** The trainers at work, by node (the run node's or a worker's cluster address) and device. */
    private static void printTrainers(PrintWriter out, List<TrainerActivity> trainers, Instant now) {
        if (trainers.isEmpty()) {
            out.println("no trainer holds a stack");
            out.println();
            return;
        }
        TextTable table = new TextTable(List.of("NODE", "TRAINER", "DEVICE", "STACK", "STEPS", "STEPS/S", "LAST REPORT"));
        trainers.stream().sorted(Comparator.comparing((TrainerActivity t) -> TrainerSlots.nodeOf(t.trainer()))
                .thenComparing(TrainerActivity::trainer)).forEach(t -> table.add(List.of(
                TrainerSlots.nodeOf(t.trainer()), t.trainer(), TrainerSlots.deviceOf(t.trainer()), t.stackId(),
                t.stepsDone() + "/" + t.stepsTotal(), t.stepsPerSecond() > 0 ? RunProgress.rate(t.stepsPerSecond()) : "-",
                age(Duration.between(t.lastReport(), now)) + " ago")));
        table.print(out);
        out.println();
    }

    private static List<String> sweepHeader() {
        List<String> header = new ArrayList<>(List.of("SWEEP", "EXPERIMENT", "STATUS"));
        COUNT_COLUMNS.forEach(state -> header.add(state.id().toUpperCase(Locale.ROOT)));
        header.addAll(List.of("STEPS", "STEPS/S", "ETA", "LAST EVENT", "LAST ERROR"));
        return List.copyOf(header);
    }

    /**
     * One sweep's row. Only a sweep marked running while a run holds the home is live: a sweep
     * left "running" by a killed run is shown as interrupted, its running trials as pending, and
     * a sweep that is not live shows its mean throughput over its training time, and no ETA.
     */
    private static List<String> sweepCells(SweepStatus s, Instant now, boolean runActive) {
        boolean markedRunning = s.status() == SweepState.RUNNING;
        boolean live = runActive && markedRunning;
        Map<TrialStatus, Long> counts = new EnumMap<>(s.countsByState());
        if (!live) {
            counts.merge(TrialStatus.PENDING, counts.put(TrialStatus.RUNNING, 0L), Long::sum);
        }
        SweepState shown = markedRunning && !live ? SweepState.INTERRUPTED : s.status();
        List<String> cells = new ArrayList<>(List.of(s.name(), s.experiment(), shown.id()));
        for (TrialStatus state : COUNT_COLUMNS) {
            cells.add(Long.toString(counts.get(state)));
        }
        cells.add(s.trialStepsDone() + "/" + s.trialStepsTotal() + " (" + percent(s) + ")");
        if (live) {
            cells.add(s.trialStepsPerSecond() > 0 ? RunProgress.rate(s.trialStepsPerSecond()) : "-");
            cells.add(s.etaSeconds().isPresent() ? hours((long) Math.ceil(s.etaSeconds().getAsDouble())) : "-");
        } else {
            cells.add(s.meanTrialStepsPerSecond() > 0 ? RunProgress.rate(s.meanTrialStepsPerSecond()) + " mean" : "-");
            cells.add(counts.get(TrialStatus.PENDING) == 0 ? hours(0) : "-");
        }
        EventRow event = s.lastEvent();
        cells.add(event == null ? "-" : event.kind().id() + " " + age(Duration.between(event.at(), now)) + " ago");
        cells.add(clip(s.lastError()));
        return cells;
    }

    private static String percent(SweepStatus s) {
        return s.trialStepsTotal() == 0 ? "-"
                : String.format(Locale.ROOT, "%.0f%%", 100.0 * s.trialStepsDone() / s.trialStepsTotal());
    }

    /** h:mm:ss. */
    static String hours(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** The largest whole unit of an age: 42s, 5m, 3h, 2d. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        } else if (seconds < 3600) {
            return seconds / 60 + "m";
        } else if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** The first line of an error, clipped to fit a table cell. */
    static String clip(String error) {
        if (error == null || error.isBlank()) {
            return "-";
        }
        String line = error.strip().lines().findFirst().orElse("");
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 3) + "...";
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
