package dev.superpose.metrics;

import dev.superpose.store.Lifecycle.TrialStatus;
import dev.superpose.config.BadInputException;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade's meters as Prometheus scrapes them over HTTP: present at zero, then moved by hand-made events. */
class SuperposeMetricsTest {

    private static SuperposeMetrics onEphemeralPort() throws IOException {
        return SuperposeMetrics.serving(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Test
    void everySweepMeterIsExposedAtZeroThenFollowsWhatIsRecorded() throws Exception {
        try (SuperposeMetrics metrics = onEphemeralPort()) {
            InetSocketAddress endpoint = metrics.endpoint().orElseThrow();
            SweepMeters meters = metrics.sweep("demo", "tms");
            String[] sweep = {"sweep", "demo", "experiment", "tms"};

            Scrape before = Scrape.of(endpoint);
            for (String state : new String[]{"pending", "running", "done", "failed", "diverged"}) {
                assertEquals(0, before.value("superpose_sweep_trials", "sweep", "demo", "state", state));
            }
            assertEquals(0, before.value("superpose_stack_retries_total", sweep));
            assertEquals(0, before.value("superpose_trial_failures_total", sweep));
            assertEquals(0, before.value("superpose_trial_divergences_total", sweep));
            assertEquals(0, before.value("superpose_eval_duration_seconds_count", sweep));
            assertEquals(0, before.value("superpose_h2_write_duration_seconds_count", sweep));
            assertTrue(before.contains("superpose_sweep_progress_ratio", sweep));
            assertTrue(before.contains("superpose_sweep_eta_seconds", sweep));
            assertFalse(before.contains("superpose_train_steps_total"), "trainer meters appear with their trainer");

            meters.trialStates(new TrialStates(6, 0, 2, 0, 0));
            meters.started(800, 200);
            meters.trialsMoved(TrialStatus.PENDING, TrialStatus.RUNNING, 4);
            meters.trialStepsTrained(300);
            TrainerMeters local = meters.trainer(new TrainerMeters.Id("local", "cpu", "cpu-0"));
            TrainerMeters remote = meters.trainer(new TrainerMeters.Id("10.0.0.2:25521", "gpu1", "10.0.0.2:25521/gpu1-0"));
            local.stepsTrained(100, 100 * 64 * 3);
            remote.stepsTrained(5, 5 * 64 * 3);
            local.stepDuration(2_000_000);
            meters.trainer(new TrainerMeters.Id("local", "cpu", "cpu-0")).stepDuration(4_000_000); // the same meters
            local.stackLoss(new double[]{0.5, 0.25, Double.NaN, 0.75});
            local.nativeBuffers(123_456);
            local.checkpointShipped(3_000_000, 4096);
            meters.evaluated(250_000_000);
            meters.retried();
            meters.failed(3);
            meters.diverged(2);
            meters.h2Write(1_000_000);
            meters.trialsMoved(TrialStatus.RUNNING, TrialStatus.FAILED, 3);

            Scrape after = Scrape.of(endpoint);
            assertEquals(2, after.value("superpose_sweep_trials", "sweep", "demo", "state", "pending"));
            assertEquals(1, after.value("superpose_sweep_trials", "sweep", "demo", "state", "running"));
            assertEquals(2, after.value("superpose_sweep_trials", "sweep", "demo", "state", "done"));
            assertEquals(3, after.value("superpose_sweep_trials", "sweep", "demo", "state", "failed"));
            assertEquals(0.625, after.value("superpose_sweep_progress_ratio", sweep), 1e-12);
            double eta = after.value("superpose_sweep_eta_seconds", sweep);
            assertTrue(eta > 0 && Double.isFinite(eta), "ETA " + eta);

            assertEquals(100, after.value("superpose_train_steps_total", "sweep", "demo", "node", "local", "device", "cpu",
                    "trainer", "cpu-0"));
            assertEquals(5, after.value("superpose_train_steps_total", "sweep", "demo", "node", "10.0.0.2:25521",
                    "device", "gpu1", "trainer", "10.0.0.2:25521/gpu1-0"));
            assertEquals(19200, after.value("superpose_train_samples_total", "sweep", "demo", "trainer", "cpu-0"));
            assertEquals(123_456, after.value("superpose_nd4j_allocated_bytes", "sweep", "demo", "trainer", "cpu-0"));
            String[] cpu0 = {"sweep", "demo", "trainer", "cpu-0"};
            assertEquals(2, after.value("superpose_train_step_duration_seconds_count", cpu0));
            assertEquals(0.006, after.value("superpose_train_step_duration_seconds_sum", cpu0), 1e-12);
            // A histogram: cumulative buckets, the +Inf one holding every step.
            assertEquals(2, after.value("superpose_train_step_duration_seconds_bucket",
                    "sweep", "demo", "trainer", "cpu-0", "le", "+Inf"));
            assertTrue(after.all("superpose_train_step_duration_seconds_bucket", cpu0).size() > 10);
            // The NaN of a diverged instance is left out: mean of 0.5, 0.25, 0.75.
            assertEquals(0.5, after.value("superpose_train_loss_mean", cpu0), 1e-12);
            assertEquals(0.25, after.value("superpose_train_loss_min", cpu0), 1e-12);
            assertEquals(0.75, after.value("superpose_train_loss_max", cpu0), 1e-12);
            assertTrue(Double.isNaN(after.value("superpose_train_loss_mean", "trainer", "10.0.0.2:25521/gpu1-0")),
                    "no loss reported yet");

            assertEquals(1, after.value("superpose_checkpoint_duration_seconds_count", cpu0));
            assertEquals(0.003, after.value("superpose_checkpoint_duration_seconds_sum", cpu0), 1e-12);
            assertEquals(4096, after.value("superpose_checkpoint_size_bytes_sum", cpu0));
            assertEquals(0.25, after.value("superpose_eval_duration_seconds_sum", sweep), 1e-12);
            assertEquals(1, after.value("superpose_stack_retries_total", sweep));
            assertEquals(3, after.value("superpose_trial_failures_total", sweep));
            assertEquals(2, after.value("superpose_trial_divergences_total", sweep));
            assertEquals(0.001, after.value("superpose_h2_write_duration_seconds_sum", sweep), 1e-12);
        }
    }

    @Test
    void aWorkersTrainerMetersCarryTheSweepOfItsStacksAndItsNodeAndDevice() throws Exception {
        try (SuperposeMetrics metrics = onEphemeralPort()) {
            TrainerMeters.Id id = new TrainerMeters.Id("127.0.0.1:40001", "cpu", "127.0.0.1:40001/cpu-0");
            metrics.trainer("spread", "tms", id).stepsTrained(300, 300 * 256);
            metrics.trainer("spread", "tms", id).stepsTrained(200, 200 * 256); // the same meters again
            Scrape scrape = Scrape.of(metrics.endpoint().orElseThrow());
            assertEquals(500, scrape.value("superpose_train_steps_total", "sweep", "spread", "experiment", "tms",
                    "node", "127.0.0.1:40001", "device", "cpu", "trainer", "127.0.0.1:40001/cpu-0"));
            assertFalse(scrape.contains("superpose_sweep_progress_ratio"), "a worker has no sweep-wide meters");
        }
    }

    @Test
    void processMeterBindersAreExposed() throws Exception {
        try (SuperposeMetrics metrics = onEphemeralPort()) {
            Scrape first = Scrape.of(metrics.endpoint().orElseThrow());
            assertTrue(first.value("superpose_process_rss_bytes") > 0);
            assertTrue(first.value("superpose_process_rss_max_bytes") > 0);
            assertTrue(first.value("superpose_javacpp_allocated_bytes") >= 0);
            assertTrue(first.value("superpose_javacpp_allocated_max_bytes") > 0);
            assertTrue(first.all("jvm_memory_used_bytes", "area", "heap").size() > 0);
            assertTrue(first.value("jvm_threads_live_threads") > 0);
            assertTrue(first.contains("jvm_gc_overhead"));
            assertTrue(first.contains("process_cpu_usage"));
            assertTrue(first.contains("jvm_classes_loaded_classes"));
            assertTrue(first.contains("jvm_gc_memory_allocated_bytes_total"));
            double uptime = first.value("process_uptime_seconds");
            double offHeap = first.value("superpose_javacpp_allocated_bytes");

            Thread.sleep(20);
            try (BytePointer buffer = new BytePointer(64L << 20)) {
                Scrape second = Scrape.of(metrics.endpoint().orElseThrow());
                assertTrue(second.value("process_uptime_seconds") > uptime);
                // JavaCPP accounts every native buffer it allocates, to the byte.
                assertEquals(offHeap + (64L << 20), second.value("superpose_javacpp_allocated_bytes"), 1e6,
                        "a 64 MiB native buffer is counted (other threads may free a little meanwhile)");
            }
        }
    }

    @Test
    void portZeroServesNothingButStillRecords() {
        try (SuperposeMetrics metrics = SuperposeMetrics.forCommandLine("127.0.0.1", 0)) {
            assertTrue(metrics.endpoint().isEmpty());
            metrics.sweep("quiet", "tms").retried();
            assertTrue(metrics.scrape().contains("superpose_stack_retries_total{experiment=\"tms\",sweep=\"quiet\"} 1"),
                    metrics.scrape());
        }
    }

    @Test
    void aDefaultPortInUseIsReplacedByAFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SuperposeMetrics metrics = SuperposeMetrics.forCommandLine("127.0.0.1", taken.getLocalPort(), false)) {
            int port = metrics.endpoint().orElseThrow().getPort();
            assertTrue(port > 0 && port != taken.getLocalPort(), "served on " + port);
        }
    }

    @Test
    void aPortInUseIsBadInputNamingTheOption() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> SuperposeMetrics.forCommandLine("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage().startsWith("--metrics-port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("0 to turn"), e.getMessage());
        }
    }

    @Test
    void outOfRangePortsAndUnknownHostsAreBadInput() {
        assertTrue(assertThrows(BadInputException.class, () -> SuperposeMetrics.forCommandLine("127.0.0.1", 70000))
                .getMessage().startsWith("--metrics-port"));
        assertTrue(assertThrows(BadInputException.class, () -> SuperposeMetrics.forCommandLine("no-such-host.invalid", 9464))
                .getMessage().startsWith("--metrics-host no-such-host.invalid"));
    }
}
