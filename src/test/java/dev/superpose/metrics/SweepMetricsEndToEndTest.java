package dev.superpose.metrics;

import dev.superpose.config.SweepLoader;
import dev.superpose.config.SweepPlan;
import dev.superpose.orchestrator.ProgressListener;
import dev.superpose.orchestrator.SweepOutcome;
import dev.superpose.orchestrator.SweepRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real sweep trained in-process moves the orchestrator's meters, as seen on a scrape of the
 * endpoint: 4 trials in 2 stacks of 2, 200 steps of 64 samples, a loss point every 100 steps.
 */
class SweepMetricsEndToEndTest {

    @Test
    void aSweepMovesTheOrchestratorMeters(@TempDir Path home) throws Exception {
        Path file = home.resolve("small.conf");
        Files.writeString(file, """
                sweep { name = small, experiment = tms, seeds = [0, 1], stack-size = 2,
                        grid { "data.feature-probability" = [1, 0.1] } }
                train { steps = 200, batch-size = 64, lr = 1e-2, log-every = 100 }
                """);
        SweepPlan plan = SweepLoader.load(file, List.of());
        try (SuperposeMetrics metrics = SuperposeMetrics.serving(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress endpoint = metrics.endpoint().orElseThrow();
            Scrape before = Scrape.of(endpoint);
            assertFalse(before.contains("superpose_sweep_trials"));

            SweepOutcome outcome = new SweepRunner(new SweepRunner.Options(home, 1, 1, false, metrics, () -> { }), ProgressListener.NONE)
                    .run(plan);
            assertEquals(4, outcome.done());

            Scrape after = Scrape.of(endpoint);
            String[] sweep = {"sweep", "small", "experiment", "tms"};
            String[] trainer = {"sweep", "small", "experiment", "tms", "node", "run node", "device", "cpu", "trainer", "cpu-0"};
            assertEquals(4, after.value("superpose_sweep_trials", "sweep", "small", "state", "done"));
            for (String state : new String[]{"pending", "running", "failed", "diverged"}) {
                assertEquals(0, after.value("superpose_sweep_trials", "sweep", "small", "state", state), state);
            }
            assertEquals(1.0, after.value("superpose_sweep_progress_ratio", sweep));
            assertEquals(0.0, after.value("superpose_sweep_eta_seconds", sweep));

            // 2 stacks x 200 steps; each step trains 2 instances on 64 samples.
            assertEquals(400, after.value("superpose_train_steps_total", trainer));
            assertEquals(400 * 64 * 2, after.value("superpose_train_samples_total", trainer));
            assertEquals(400, after.value("superpose_train_step_duration_seconds_count", trainer));
            assertTrue(after.value("superpose_train_step_duration_seconds_sum", trainer) > 0);
            double min = after.value("superpose_train_loss_min", trainer);
            double mean = after.value("superpose_train_loss_mean", trainer);
            double max = after.value("superpose_train_loss_max", trainer);
            assertTrue(0 < min && min <= mean && mean <= max && Double.isFinite(max), min + " " + mean + " " + max);

            assertEquals(2, after.value("superpose_eval_duration_seconds_count", sweep));
            // Per stack: its start, its final checkpoint and its evaluation; its two loss points go to H2
            // in batches: with the checkpoint's write, or the supervisor's flush timer may take one early.
            double writes = after.value("superpose_h2_write_duration_seconds_count", sweep);
            assertTrue(writes >= 2 * 3 + 1 && writes <= 2 * 5, "H2 writes: " + writes);
            assertEquals(0, after.value("superpose_stack_retries_total", sweep));
            assertEquals(0, after.value("superpose_trial_failures_total", sweep));
            assertEquals(0, after.value("superpose_trial_divergences_total", sweep));
            // 200 steps < train.checkpoint-every: each stack writes only its final checkpoint.
            assertEquals(2, after.value("superpose_checkpoint_duration_seconds_count", sweep));
            assertTrue(after.value("superpose_checkpoint_size_bytes_sum", sweep) > 0);
            assertTrue(after.value("superpose_process_rss_bytes") != before.value("superpose_process_rss_bytes"));
        }
    }
}
