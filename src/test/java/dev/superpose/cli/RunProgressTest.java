package dev.superpose.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress a run shows, on a terminal and in a log, against a clock the test moves. */
class RunProgressTest {
    private final AtomicLong clock = new AtomicLong();

    private void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void beforeTheFirstStepItIsWarmingUpNotZeroStepsPerSecond() {
        RunProgress progress = new RunProgress(clock::get);
        progress.started("s", 4, 0, 4000, 0);
        advance(3);
        assertEquals("warming up · 0/4 trials", progress.summary());
    }

    @Test
    void stepsResumedFromACheckpointAreDoneButNotThisRunsSpeed() {
        RunProgress progress = new RunProgress(clock::get);
        progress.started("s", 4, 0, 4000, 0);
        progress.resumed(2000);
        advance(10);
        progress.trained(1000);
        assertEquals("s: 3000/4000 steps (75%) · 100 steps/s · ETA 0:00:10 · 0/4 trials", progress.line());
    }

    @Test
    void allStepsTrainedButTrialsNotFinishedIsEvaluating() {
        RunProgress progress = new RunProgress(clock::get);
        progress.started("s", 4, 2, 4000, 2000);
        advance(1);
        progress.trained(2000);
        assertEquals("evaluating · 2/4 trials", progress.summary());
        progress.finished(2, 1);
        assertEquals("2000 steps/s · ETA 0:00:00 · 4/4 trials, 1 failed", progress.summary());
    }

    @Test
    void speedsKeepTheDigitsThatMeanSomething() {
        assertEquals("1235 steps/s", RunProgress.speed(1234.56));
        assertEquals("56.8 steps/s", RunProgress.speed(56.78));
        assertEquals("0.89 steps/s", RunProgress.speed(0.891));
    }

    @Test
    void withoutATerminalALineIsLoggedAtStartPerResumedStackPerFinishedStackAndEveryPeriod() {
        StringWriter log = new StringWriter();
        ProgressLog progress = new ProgressLog(new PrintWriter(log), Duration.ofSeconds(30), clock::get);
        progress.started("s", 2, 0, 2000, 0);
        progress.resumed("s0001", 500, 500);
        advance(10);
        progress.trained(100); // within 30 s of the last line: quiet
        advance(25);
        progress.trained(100);
        progress.finished(1, 0);
        assertEquals(String.join("\n",
                "s: 0/2000 steps (0%) · warming up · 0/2 trials",
                "s: stack s0001 continues from its checkpoint at step 500",
                "s: 700/2000 steps (35%) · 5.71 steps/s · ETA 0:03:48 · 0/2 trials",
                "s: 700/2000 steps (35%) · 5.71 steps/s · ETA 0:03:48 · 1/2 trials", ""),
                log.toString().replace(System.lineSeparator(), "\n"));
    }
}
