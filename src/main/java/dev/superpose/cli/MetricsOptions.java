package dev.superpose.cli;

import dev.superpose.metrics.PrometheusTargets;
import dev.superpose.metrics.SuperposeMetrics;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/** {@code --metrics-port} and {@code --metrics-host} of the commands that serve metrics (run, worker). */
final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on this port at /metrics; 0 turns it off (default: "
                    + SuperposeMetrics.DEFAULT_PORT + ", or a free port when that one is in use).")
    private Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = SuperposeMetrics.DEFAULT_HOST,
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    /**
     * Serves the metrics as asked; a default port in use is replaced by a free one, named on
     * {@code err}. The endpoint is announced to Prometheus while the result is open.
     */
    Served serve(PrintWriter err) {
        int asked = port == null ? SuperposeMetrics.DEFAULT_PORT : port;
        SuperposeMetrics metrics = SuperposeMetrics.forCommandLine(host, asked, port != null);
        Optional<InetSocketAddress> endpoint = metrics.endpoint();
        endpoint.filter(served -> served.getPort() != asked).ifPresent(served ->
                err.println("superpose: metrics port " + asked + " is in use (another run?); serving metrics at http://"
                        + served.getHostString() + ":" + served.getPort() + "/metrics instead"));
        return new Served(metrics, endpoint.flatMap(served -> announce(served, err)));
    }

    /** Failing to announce costs only the discovery (e.g. a directory of another user): a warning. */
    private static Optional<PrometheusTargets> announce(InetSocketAddress endpoint, PrintWriter err) {
        try {
            return Optional.of(PrometheusTargets.announce(PrometheusTargets.DEFAULT_DIR, endpoint));
        } catch (UncheckedIOException e) {
            err.println("superpose: warning: " + e.getMessage() + "; Prometheus will not discover this endpoint");
            return Optional.empty();
        }
    }

    /** The served metrics and their announcement, both ended by {@link #close()}. */
    record Served(SuperposeMetrics metrics, Optional<PrometheusTargets> targets) implements AutoCloseable {
        @Override
        public void close() {
            targets.ifPresent(PrometheusTargets::close);
            metrics.close();
        }
    }
}
