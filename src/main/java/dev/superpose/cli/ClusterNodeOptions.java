package dev.superpose.cli;

import com.typesafe.config.Config;
import dev.superpose.cluster.ClusterConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --cluster-host} and {@code --tls-keystore}, shared by {@code run} and {@code worker}:
 * where a node listens for the cluster, and that only holders of the keystore may join it. The
 * port stays with each command ({@code run} opens the cluster with it, a worker may leave it 0).
 */
final class ClusterNodeOptions {
    @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = ClusterConfig.DEFAULT_HOST,
            description = "Address this node listens on for the cluster, the one the other nodes reach it by"
                    + " (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Encrypt the cluster's traffic and admit only nodes holding this PKCS12 keystore (its password"
                    + " in $" + ClusterConfig.TLS_PASSWORD_VARIABLE + ").")
    private Path keystore;

    String host() {
        return host;
    }

    /** The run node's settings: it forms the cluster on {@code port}. */
    Config runNode(int port) {
        return withTls(ClusterConfig.runNode(host, port));
    }

    /** A worker's settings: it joins {@code join} and listens on {@code port} (0: a free one). */
    Config worker(String join, int port) {
        return withTls(ClusterConfig.worker(join, host, port));
    }

    boolean tlsGiven() {
        return keystore != null;
    }

    private Config withTls(Config node) {
        return keystore == null ? node
                : ClusterConfig.withTls(node, keystore, System.getenv(ClusterConfig.TLS_PASSWORD_VARIABLE));
    }
}
