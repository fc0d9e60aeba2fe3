package dev.superpose.orchestrator;

import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.store.Lifecycle.EventKind;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.superpose.config.Experiment;
import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.eval.ExperimentOutputs;
import dev.superpose.eval.StackEvaluator;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.model.TmsWeights;
import dev.superpose.model.TrialWeights;
import dev.superpose.orchestrator.SupervisorProtocol.RequestWork;
import dev.superpose.orchestrator.SupervisorProtocol.StackFailed;
import dev.superpose.orchestrator.SupervisorProtocol.StackTrained;
import dev.superpose.orchestrator.TrainerProtocol.TrainStack;
import dev.superpose.store.Database;
import dev.superpose.store.EventRepository;
import dev.superpose.store.EventRow;
import dev.superpose.store.StepLoss;
import dev.superpose.store.StepMetricRepository;
import dev.superpose.store.TrialRepository;
import dev.superpose.store.TrialRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor against a real H2 file and a real evaluator, with test probes in the role of
 * trainers: work is handed out on request, a failing stack is retried and then recorded as
 * failed with its error while the rest of the sweep finishes. Messages are serialized on every
 * send, as between nodes.
 */
class SweepSupervisorTest {
    private static final int MAX_RETRIES = 2;
    /**
     * Every message between the supervisor, its evaluators and the probes goes through the wire
     * format. Expectations wait 10× their default (3 s → 30 s): on a loaded two-core CI box one
     * H2 write behind a request took longer than 3 s. (No test measures speed: a longer wait only
     * delays a failure.)
     */
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
            akka.actor.serialize-messages = on
            akka.actor.testkit.typed.timefactor = 10
            """).withFallback(ConfigFactory.load()));

    @TempDir
    Path home;
    Database db;
    SweepPlan plan;
    List<StackAssignment> stacks;
    SweepRegistry.Registration registration;
    CompletableFuture<SweepOutcome> outcome = new CompletableFuture<>();
    ActorRef<SupervisorProtocol.Command> supervisor;
    TestProbe<TrainerProtocol.Command> trainer;

    @BeforeEach
    void startSupervisorOverTwoStacks() throws IOException {
        Path file = home.resolve("two.conf");
        Files.writeString(file, """
                sweep { name = two, experiment = tms, seeds = [0, 1], grid { "model.variant" = [linear, relu-output] } }
                train { steps = 100, log-every = 50, max-retries = 2 }
                """);
        plan = SweepLoader.load(file, List.of());
        db = Database.open(home);
        stacks = StackPlanner.plan(plan.trials(), plan.policy().stackSize());
        registration = SweepRegistry.register(db, plan, false);
        supervisor = startSupervisor(new StackEvaluator(home.resolve("models/two"), ExperimentOutputs.of(Experiment.TMS, home))::evaluate);
        trainer = testKit.createTestProbe(TrainerProtocol.Command.class);
    }

    private ActorRef<SupervisorProtocol.Command> startSupervisor(Evaluator.Work evaluator) {
        SweepMeters meters = new SweepMeters(new SimpleMeterRegistry(), "two", "tms");
        SweepSupervisor.Settings settings = new SweepSupervisor.Settings("two", plan.policy(), registration.pending(), 0, 1,
                home, home.resolve("models/two/checkpoints"),
                new SweepRecorder(db, registration.sweepId(), meters), evaluator,
                ProgressListener.NONE, registration.alreadyFinished(), outcome, meters);
        return testKit.spawn(SweepSupervisor.create(settings));
    }

    /** Replaces the supervisor of {@link #startSupervisorOverTwoStacks} by one whose evaluator is {@code evaluator}. */
    private void restartWith(Evaluator.Work evaluator) {
        testKit.stop(supervisor);
        supervisor = startSupervisor(evaluator);
    }

    @AfterEach
    void stop() {
        testKit.stop(supervisor);
        db.close();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private StackAssignment requestWork() {
        return requestWork("probe");
    }

    private StackAssignment requestWork(String trainerName) {
        supervisor.tell(new RequestWork(trainer.getRef(), trainerName));
        return received(trainer.expectMessageClass(TrainStack.class));
    }

    /** The stack a work order streams, as a trainer reads it. */
    private static StackAssignment received(TrainStack order) {
        return ByteTransfer.receive(order.stack(), StackAssignment.class, testKit.system()).toCompletableFuture().join();
    }

    private static List<TrialWeights> unitWeights(StackAssignment stack) {
        List<TrialWeights> weights = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            weights.add(new TmsWeights(2, 5, new float[]{1, 0, 0, 0, 0, 0, 1, 0, 0, 0}, new float[5])
                    .toTrialWeights());
        }
        return weights;
    }

    private List<TrialRow> trialsOf(StackAssignment stack) {
        return new TrialRepository(db).list(registration.sweepId()).stream()
                .filter(t -> stack.trialIds().contains(t.trialId())).toList();
    }

    @Test
    void plansOneStackPerVariantAndHandsThemOutOnRequest() {
        assertEquals(2, stacks.size());
        StackAssignment first = requestWork();
        assertEquals("s0000", first.stackId());
        assertTrue(trialsOf(first).stream().allMatch(t -> t.status() == TrialStatus.RUNNING));
        assertEquals("s0001", requestWork("probe-2").stackId());
        supervisor.tell(new RequestWork(trainer.getRef(), "probe-3"));
        trainer.expectNoMessage(Duration.ofMillis(200)); // it waits: a stack in training may come back
    }

    @Test
    void aLostTrainersStackGoesToAWaitingTrainerAndItsLateReportsAreIgnored() throws InterruptedException {
        TestProbe<TrainerProtocol.Command> lost = testKit.createTestProbe(TrainerProtocol.Command.class);
        supervisor.tell(new RequestWork(lost.getRef(), "worker-a/cpu-0"));
        StackAssignment held = received(lost.expectMessageClass(TrainStack.class));
        assertEquals("s0001", requestWork("worker-b/cpu-0").stackId());
        TestProbe<TrainerProtocol.Command> waiting = testKit.createTestProbe(TrainerProtocol.Command.class);
        supervisor.tell(new RequestWork(waiting.getRef(), "worker-c/cpu-0"));
        waiting.expectNoMessage(Duration.ofMillis(100));

        lost.stop(); // as when the split-brain resolver downs its node
        TrainStack resumed = waiting.expectMessageClass(TrainStack.class);
        assertEquals(held, received(resumed));

        supervisor.tell(new SupervisorProtocol.LossReport(held.stackId(), "worker-a/cpu-0", 50, new double[]{1, 2}));
        supervisor.tell(new SupervisorProtocol.LossReport(held.stackId(), "worker-c/cpu-0", 100, new double[]{3, 4}));
        // loss points reach H2 in batches, at the latest on the supervisor's next flush
        assertEquals(List.of(3.0, 4.0), awaitLossPointsAt(held, 100));
        waiting.expectNoMessage(Duration.ofMillis(200));
        List<EventKind> kinds = new EventRepository(db).recent(registration.sweepId(), 20).stream()
                .map(EventRow::kind).toList();
        assertEquals(1, kinds.stream().filter(EventKind.RETRY::equals).count(), kinds.toString());
        assertEquals(List.of(), lossPointsAt(held, 50), "the lost trainer's late report is not recorded");
    }

    private List<Double> awaitLossPointsAt(StackAssignment stack, long step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Double> points = lossPointsAt(stack, step);
        while (points.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            points = lossPointsAt(stack, step);
        }
        return points;
    }

    private List<Double> lossPointsAt(StackAssignment stack, long step) {
        var curves = new StepMetricRepository(db).lossCurves(registration.sweepId());
        return stack.trialIds().stream().flatMap(id -> curves.getOrDefault(id, List.of()).stream())
                .filter(p -> p.step() == step).map(StepLoss::loss).toList();
    }

    @Test
    void aStackThatKeepsFailingIsRecordedFailedAndTheSweepGoesOn() throws Exception {
        FailedRun run = failOneStackAndTrainTheOther();
        assertEquals(new SweepOutcome(4, 2, 2, 0, false), run.outcome());
        for (TrialRow row : trialsOf(run.failing())) {
            assertEquals(TrialStatus.FAILED, row.status());
            assertEquals("IllegalStateException: boom", row.error());
        }
        for (TrialRow row : trialsOf(run.healthy())) {
            assertEquals(TrialStatus.DONE, row.status());
            assertTrue(row.metricsJson().contains("\"n_represented\":2.0"), row.metricsJson());
            assertTrue(Files.isRegularFile(home.resolve("models/two/" + row.trialId() + ".npz")));
        }
        List<EventKind> kinds = new EventRepository(db).recent(registration.sweepId(), 20).stream()
                .map(EventRow::kind).toList();
        assertEquals(2, kinds.stream().filter(EventKind.RETRY::equals).count(), kinds.toString());
        assertEquals(1, kinds.stream().filter(EventKind.FAILURE::equals).count(), kinds.toString());
    }

    /** The stacks handed out, and how the sweep ended. */
    private record FailedRun(StackAssignment failing, StackAssignment healthy, SweepOutcome outcome) {
    }

    /** Fails stack s0000 on every attempt until it is given up, trains s0001, and waits for the sweep's end. */
    private FailedRun failOneStackAndTrainTheOther() throws Exception {
        StackAssignment failing = null;
        for (int attempt = 1; attempt <= 1 + MAX_RETRIES; attempt++) {
            failing = requestWork();
            assertEquals("s0000", failing.stackId(), "retried first, attempt " + attempt);
            supervisor.tell(new StackFailed(failing.stackId(), "probe", "IllegalStateException: boom"));
        }
        StackAssignment healthy = requestWork();
        assertEquals("s0001", healthy.stackId());
        assertFalse(outcome.isDone());
        supervisor.tell(new StackTrained(healthy.stackId(), "probe",
                ByteTransfer.offer(new TrainedWeights(unitWeights(healthy)), testKit.system()),
                new double[]{0.1, 0.2}));
        return new FailedRun(failing, healthy, outcome.get(2, TimeUnit.MINUTES));
    }

    /**
     * The reproduction: an evaluator that runs out of memory (thrown here by the evaluator
     * the real Evaluator actor calls) fails that stack after its retries, with the error as its
     * message, and the sweep goes on. Before, Akka took the error for fatal and stopped the actor
     * system, ending the run with exit 3.
     */
    @Test
    void anEvaluatorOutOfMemoryFailsItsStackAfterItsRetriesAndTheSweepGoesOn() throws Exception {
        StackEvaluator real = new StackEvaluator(home.resolve("models/two"), ExperimentOutputs.of(Experiment.TMS, home));
        restartWith((trialIds, configs, weights, finalLosses) -> {
            if (trialIds.equals(stacks.get(0).trialIds())) {
                throw new OutOfMemoryError("Java heap space");
            }
            return real.evaluate(trialIds, configs, weights, finalLosses);
        });
        for (int attempt = 1; attempt <= 1 + MAX_RETRIES; attempt++) {
            StackAssignment failing = requestWork();
            assertEquals("s0000", failing.stackId(), "retried first, attempt " + attempt);
            finishTraining(failing);
            if (attempt <= MAX_RETRIES) {
                awaitRetries(attempt);
            }
        }
        StackAssignment healthy = requestWork();
        assertEquals("s0001", healthy.stackId());
        finishTraining(healthy);

        assertEquals(new SweepOutcome(4, 2, 2, 0, false), outcome.get(2, TimeUnit.MINUTES));
        for (TrialRow row : trialsOf(stacks.get(0))) {
            assertEquals(TrialStatus.FAILED, row.status());
            assertEquals("evaluation failed: OutOfMemoryError: Java heap space", row.error());
        }
        assertTrue(trialsOf(healthy).stream().allMatch(t -> t.status() == TrialStatus.DONE));
        List<EventKind> kinds = new EventRepository(db).recent(registration.sweepId(), 20).stream()
                .map(EventRow::kind).toList();
        assertEquals(MAX_RETRIES, kinds.stream().filter(EventKind.RETRY::equals).count(), kinds.toString());
    }

    /**
     * An evaluation that fails is retried: the stack is trained (from its checkpoint) and
     * evaluated again. An error Akka does not take for fatal (an AssertionError here) used to
     * restart the evaluator and drop its message, so the supervisor waited for that stack forever.
     */
    @Test
    void anEvaluationThatFailsIsRetriedWhateverItThrew() throws Exception {
        StackEvaluator real = new StackEvaluator(home.resolve("models/two"), ExperimentOutputs.of(Experiment.TMS, home));
        AtomicInteger calls = new AtomicInteger();
        restartWith((trialIds, configs, weights, finalLosses) -> {
            switch (calls.getAndIncrement()) {
                case 0 -> throw new AssertionError("broken invariant");
                case 1 -> throw new IllegalStateException("disk gone");
                default -> {
                    return real.evaluate(trialIds, configs, weights, finalLosses);
                }
            }
        });
        StackAssignment first = requestWork();
        for (int attempt = 1; attempt <= 1 + MAX_RETRIES; attempt++) {
            StackAssignment again = attempt == 1 ? first : requestWork();
            assertEquals(first.stackId(), again.stackId(), "attempt " + attempt);
            finishTraining(again);
            if (attempt <= MAX_RETRIES) {
                awaitRetries(attempt);
            }
        }
        finishTraining(requestWork());

        assertEquals(new SweepOutcome(4, 4, 0, 0, false), outcome.get(2, TimeUnit.MINUTES));
        assertEquals(List.of("evaluation failed: IllegalStateException: disk gone",
                        "evaluation failed: AssertionError: broken invariant"),
                new EventRepository(db).recent(registration.sweepId(), 20).stream()
                        .filter(e -> e.kind() == EventKind.RETRY).map(EventRow::detail).toList());
    }

    /** Waits until {@code count} retries are recorded (evaluation is asynchronous: a request sent earlier would get the other stack). */
    private void awaitRetries(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (retries() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, retries());
    }

    private long retries() {
        return new EventRepository(db).recent(registration.sweepId(), 50).stream()
                .filter(e -> e.kind() == EventKind.RETRY).count();
    }

    private void finishTraining(StackAssignment stack) {
        supervisor.tell(new StackTrained(stack.stackId(), "probe",
                ByteTransfer.offer(new TrainedWeights(unitWeights(stack)), testKit.system()), new double[]{0.1, 0.2}));
    }

    @Test
    void restartFailedRequeuesTheFailedTrialsOfAnEarlierRun() throws Exception {
        assertEquals(2, failOneStackAndTrainTheOther().outcome().failed());

        SweepRegistry.Registration resumed = SweepRegistry.register(db, plan, false);
        assertTrue(resumed.pending().isEmpty(), "without the flag, failed trials stay failed");
        assertEquals(2, resumed.alreadyFinished().failed());

        SweepRegistry.Registration restarted = SweepRegistry.register(db, plan, true);
        assertEquals(List.of("s0000"), restarted.pending().stream().map(StackAssignment::stackId).toList());
        assertEquals(0, restarted.alreadyFinished().failed());
        assertTrue(trialsOf(stacks.get(0)).stream().allMatch(t -> t.status() == TrialStatus.PENDING));
        assertTrue(new EventRepository(db).recent(registration.sweepId(), 1).get(0).kind() == EventKind.RESTART_FAILED);
    }

    @Test
    void aTrainerThatAsksForWorkWhileHoldingAStackLosesItToARetry() {
        StackAssignment first = requestWork();
        // A restarted trainer asks again: the stack it held is queued first again.
        StackAssignment again = requestWork();
        assertEquals(first.stackId(), again.stackId());
        trainer.expectNoMessage(Duration.ofMillis(100));
    }
}
