package dev.superpose.cli;

import dev.superpose.metrics.SuperposeMetrics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code --metrics-port} and {@code --metrics-host}, shared by {@code run} and {@code worker}. */
final class MetricsOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + SuperposeMetrics.DEFAULT_PORT,
            description = "Serve Prometheus metrics on this port at /metrics; 0 turns it off (default: ${DEFAULT-VALUE},"
                    + " or a free port when that one is in use).")
    private int port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = SuperposeMetrics.DEFAULT_HOST,
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    /**
     * The process's registry, served as asked. The default port, when in use (another run or a
     * worker on this machine), is replaced by a free one, and {@code err} is told where.
     */
    SuperposeMetrics open(PrintWriter err) {
        boolean portGiven = command.commandLine().getParseResult().hasMatchedOption("--metrics-port");
        SuperposeMetrics metrics = SuperposeMetrics.forCommandLine(host, port, portGiven);
        metrics.endpoint().filter(served -> served.getPort() != port).ifPresent(served ->
                err.println("superpose: metrics port " + port + " is in use (another run?); serving metrics at http://"
                        + served.getHostString() + ":" + served.getPort() + "/metrics instead"));
        return metrics;
    }
}
