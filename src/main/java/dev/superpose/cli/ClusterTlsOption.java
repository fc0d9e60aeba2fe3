package dev.superpose.cli;

import com.typesafe.config.Config;
import dev.superpose.cluster.ClusterConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --tls-keystore FILE}, shared by {@code run} and {@code worker}: who holds the keystore may join. */
final class ClusterTlsOption {
    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Encrypt the cluster's traffic and admit only nodes holding this PKCS12 keystore (its password"
                    + " in $" + ClusterConfig.TLS_PASSWORD_VARIABLE + ").")
    private Path keystore;

    /** {@code node}, switched to TLS when a keystore was given. */
    Config apply(Config node) {
        return keystore == null ? node
                : ClusterConfig.withTls(node, keystore, System.getenv(ClusterConfig.TLS_PASSWORD_VARIABLE));
    }

    boolean given() {
        return keystore != null;
    }
}
