package dev.superpose.cli;

import dev.superpose.cluster.ClusterConfig;
import dev.superpose.cluster.WorkerNode;
import dev.superpose.config.BadInputException;
import dev.superpose.metrics.SuperposeMetrics;
import dev.superpose.orchestrator.TrainerSlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code superpose worker --join HOST:PORT}: lends this machine's devices to a running sweep. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Join a run node (superpose run FILE --cluster-port PORT) and train its stacks here.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--join", paramLabel = "HOST:PORT", required = true,
            description = "The run node's cluster address, e.g. 127.0.0.1:25520.")
    private String join;

    @Option(names = "--trainers", paramLabel = "N", defaultValue = "1",
            description = "Trainers per device (on CPU, the one device: stacks trained at once; default: ${DEFAULT-VALUE}).")
    private int trainers;

    @Option(names = "--devices", paramLabel = "LIST", defaultValue = "all",
            description = "ND4J devices to train on: all, or numbers like 0,1 (CUDA: one GPU each; default: ${DEFAULT-VALUE}).")
    private String devices;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port this worker listens on for the cluster; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int clusterPort;

    @Mixin
    private ClusterTlsOption tls = new ClusterTlsOption();

    @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = ClusterConfig.DEFAULT_HOST,
            description = "Address this worker listens on, reachable from the run node (default: ${DEFAULT-VALUE}).")
    private String clusterHost;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Where sources read their data files (default: the current directory); nothing is written.")
    private Path home;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve this worker's Prometheus metrics on this port; 0 turns it off (default: ${DEFAULT-VALUE}).")
    private int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = SuperposeMetrics.DEFAULT_HOST,
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}).")
    private String metricsHost;

    @Override
    public Integer call() {
        WorkerCounts.requireTrainers(trainers, 1);
        var akka = tls.apply(ClusterConfig.worker(join, clusterHost, clusterPort));
        var deviceList = TrainerSlots.devices(devices, "--devices");
        try (SuperposeMetrics metrics = SuperposeMetrics.forCommandLine(metricsHost, metricsPort)) {
            return WorkerNode.run(new WorkerNode.Settings(akka, join, deviceList, trainers, home,
                    metrics.sweep("worker", "cluster"), spec.commandLine().getErr()));
        }
    }
}
