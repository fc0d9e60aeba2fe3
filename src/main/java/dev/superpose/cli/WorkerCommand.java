package dev.superpose.cli;

import dev.superpose.cluster.WorkerNode;
import dev.superpose.orchestrator.TrainerSlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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
    private ClusterNodeOptions cluster = new ClusterNodeOptions();

    @Option(names = "--home", paramLabel = "DIR", defaultValue = ".",
            description = "Where sources read their data files (default: the current directory); nothing is written.")
    private Path home;

    @Mixin
    private MetricsOptions metricsOptions = new MetricsOptions();

    @Override
    public Integer call() {
        WorkerCounts.requireTrainers(trainers, 1);
        var akka = cluster.worker(join, clusterPort);
        NativeBackend.require();
        var deviceList = TrainerSlots.devices(devices, "--devices");
        PrintWriter err = spec.commandLine().getErr();
        try (MetricsOptions.Served served = metricsOptions.serve(err)) {
            return WorkerNode.run(new WorkerNode.Settings(akka, join, deviceList, trainers, home,
                    served.metrics()::trainer, err));
        }
    }
}
