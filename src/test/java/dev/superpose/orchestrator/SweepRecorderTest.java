package dev.superpose.orchestrator;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.metrics.SweepMeters;
import dev.superpose.store.Database;
import dev.superpose.store.StepLoss;
import dev.superpose.store.StepMetricRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How loss points reach H2: held back and written in batches (one commit per point made the file
 * grow by tens of GB a day), and always before a checkpoint is recorded, so that the checkpoint a
 * killed stack resumes from never lacks the loss points before it.
 */
class SweepRecorderTest {
    @TempDir
    Path home;
    Database db;
    long sweepId;
    StackAssignment stack;
    SweepRecorder recorder;

    @BeforeEach
    void registerOneStack() throws IOException {
        Path file = home.resolve("one.conf");
        Files.writeString(file, """
                sweep { name = one, experiment = tms, seeds = [0, 1] }
                train { steps = 100000, log-every = 10, checkpoint-every = 1000 }
                """);
        SweepPlan plan = SweepLoader.load(file, List.of());
        db = Database.open(home);
        SweepRegistry.Registration registration = SweepRegistry.register(db, plan, false);
        sweepId = registration.sweepId();
        stack = registration.pending().get(0);
        recorder = new SweepRecorder(db, sweepId, new SweepMeters(new SimpleMeterRegistry(), "one", "tms"));
        recorder.stackStarted(stack, "probe", 1);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void logSteps(long first, long last) {
        LongStream.rangeClosed(first, last).forEach(i -> recorder.lossPoint(stack, i * 10, new double[]{i, -i}));
    }

    private List<Long> stepsStored() {
        return new StepMetricRepository(db).lossCurves(sweepId).getOrDefault(stack.trialIds().get(0), List.of())
                .stream().map(StepLoss::step).toList();
    }

    private static List<Long> stepsOf(long first, long last) {
        return LongStream.rangeClosed(first, last).map(i -> i * 10).boxed().toList();
    }

    @Test
    void lossPointsAreWrittenOnceABatchIsFull() {
        logSteps(1, SweepRecorder.LOSS_BATCH - 1);
        assertEquals(List.of(), stepsStored());
        logSteps(SweepRecorder.LOSS_BATCH, SweepRecorder.LOSS_BATCH);
        assertEquals(stepsOf(1, SweepRecorder.LOSS_BATCH), stepsStored());
    }

    @Test
    void aFlushWritesTheFewPointsHeld() {
        logSteps(1, 3);
        recorder.flushLossPoints();
        assertEquals(stepsOf(1, 3), stepsStored());
        assertEquals(List.of(-3.0), new StepMetricRepository(db).lossCurves(sweepId).get(stack.trialIds().get(1))
                .stream().filter(p -> p.step() == 30).map(StepLoss::loss).toList());
    }

    @Test
    void aCheckpointIsRecordedWithEveryLossPointBeforeIt() {
        logSteps(1, 5);
        recorder.checkpointWritten(stack, new SupervisorProtocol.CheckpointWritten(stack.stackId(), 50,
                home.resolve("s0000-50.ckpt").toString(), "abc", 10, 1));
        assertEquals(stepsOf(1, 5), stepsStored());
        assertEquals(List.of(50L), recorder.checkpoints(stack).stream().map(CheckpointRef::step).toList());
    }
}
