package dev.superpose.metrics;

import dev.superpose.store.Lifecycle.TrialStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The meters of one running sweep, behind methods named after what happened. Every meter carries
 * the {@code sweep} and {@code experiment} tags; trial counts add {@code state}, and the meters of
 * each trainer ({@link TrainerMeters}) add its node, device and name. Trial ids never become tags: per-trial curves live in H2. Thread-safe: the
 * supervisor, trainers and evaluators call it from their own threads.
 */
public final class SweepMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<TrialStatus, AtomicInteger> trialsByState = new EnumMap<>(TrialStatus.class);
    private final Map<TrainerMeters.Id, TrainerMeters> trainers = new ConcurrentHashMap<>();
    private final SweepProgress progress;
    private final Counter retries;
    private final Counter failures;
    private final Counter divergences;
    private final Timer evaluationDuration;
    private final Timer h2WriteDuration;

    /** Meters of {@code sweep} in {@code registry}, with the ETA measured by the system clock. */
    public SweepMeters(MeterRegistry registry, String sweep, String experiment) {
        this(registry, sweep, experiment, System::nanoTime);
    }

    SweepMeters(MeterRegistry registry, String sweep, String experiment, LongSupplier nanoClock) {
        this.registry = registry;
        this.tags = Tags.of("sweep", sweep, "experiment", experiment);
        this.progress = new SweepProgress(nanoClock);
        for (TrialStatus state : TrialStatus.values()) {
            AtomicInteger count = new AtomicInteger();
            trialsByState.put(state, count);
            Gauge.builder("superpose.sweep.trials", count, AtomicInteger::get).tags(tags).tag("state", state.id())
                    .description("Trials of the sweep in each state").register(registry);
        }
        Gauge.builder("superpose.sweep.progress", progress, SweepProgress::fraction).tags(tags).baseUnit("ratio")
                .description("Trial-steps done / total").register(registry);
        Gauge.builder("superpose.sweep.eta", progress, SweepProgress::etaSeconds).tags(tags).baseUnit("seconds")
                .description("Estimated seconds to the end of training at this run's speed").register(registry);
        retries = Counter.builder("superpose.stack.retries").tags(tags)
                .description("Stacks queued again after their training failed").register(registry);
        failures = Counter.builder("superpose.trial.failures").tags(tags)
                .description("Trials marked failed after their last attempt").register(registry);
        divergences = Counter.builder("superpose.trial.divergences").tags(tags)
                .description("Trials whose loss or weights became non-finite").register(registry);
        evaluationDuration = Timer.builder("superpose.eval.duration").tags(tags)
                .description("Time to evaluate one trained stack").register(registry);
        h2WriteDuration = Timer.builder("superpose.h2.write.duration").tags(tags)
                .description("Time of one recorded state change in H2").register(registry);
    }

    /** The sweep (re)starts: {@code trialStepsDone} of {@code trialStepsTotal} were finished earlier. */
    public void started(long trialStepsTotal, long trialStepsDone) {
        progress.started(trialStepsTotal, trialStepsDone);
    }

    /** {@code trialSteps} (steps × instances) more were trained; negative when a retry discards them. */
    public void trialStepsTrained(long trialSteps) {
        progress.trained(trialSteps);
    }

    /**
     * A stack continues from a checkpoint: {@code trialSteps} (steps × instances) count as done
     * before this run, not as its speed.
     */
    public void trialStepsResumed(long trialSteps) {
        progress.resumed(trialSteps);
    }

    /** Trial counts by state when the sweep (re)starts. */
    public void trialStates(TrialStates states) {
        trialsByState.forEach((state, count) -> count.set(states.count(state)));
    }

    /** {@code trials} went from state {@code from} to state {@code to}. */
    public void trialsMoved(TrialStatus from, TrialStatus to, int trials) {
        trialsByState.get(from).addAndGet(-trials);
        trialsByState.get(to).addAndGet(trials);
    }

    /**
     * The meters of a trainer of this sweep on this node, created when it first asks (the same
     * instance on every later call, so that a restarted trainer carries on with them).
     */
    public TrainerMeters trainer(TrainerMeters.Id trainer) {
        return trainers.computeIfAbsent(trainer, id -> new TrainerMeters(registry, tags, id));
    }

    /** A trained stack was evaluated in {@code nanos}. */
    public void evaluated(long nanos) {
        evaluationDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void retried() {
        retries.increment();
    }

    public void failed(int trials) {
        failures.increment(trials);
    }

    public void diverged(int trials) {
        divergences.increment(trials);
    }

    /** One state change was written to H2 in {@code nanos}. */
    public void h2Write(long nanos) {
        h2WriteDuration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
