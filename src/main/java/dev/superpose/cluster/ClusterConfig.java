package dev.superpose.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.superpose.config.BadInputException;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The actor-system settings of a cluster node, laid over application.conf: Artery TCP on
 * {@code host:port}, the role ({@value #RUN_ROLE} or {@value #WORKER_ROLE}), the run node as the
 * only seed, and the fixed part in application.conf's {@code superpose.cluster} block (provider,
 * split-brain resolver, TLS). {@code -D} system properties still override everything.
 */
public final class ClusterConfig {
    /** The role of the node that owns the home and the supervisor. */
    public static final String RUN_ROLE = "run";
    public static final String WORKER_ROLE = "worker";
    /** Cluster ports bind to loopback unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The actor system's name, the same on every node (it is part of every node's address). */
    public static final String SYSTEM_NAME = "superpose";

    /** Where {@link #withTls} takes the keystore's password from. */
    public static final String TLS_PASSWORD_VARIABLE = "SUPERPOSE_TLS_PASSWORD";
    private static final String SSL = "akka.remote.artery.ssl.config-ssl-engine.";
    private static final Duration MAX_LINGER = Duration.ofHours(1);

    private ClusterConfig() {
    }

    /** The run node: its own seed, so it forms the cluster and is always its oldest member. */
    public static Config runNode(String host, int port) {
        requirePort("--cluster-port", port, 1);
        return node(host, port, RUN_ROLE, host + ":" + port);
    }

    /** A worker joining the run node at {@code join} ({@code HOST:PORT}); port 0 picks a free one. */
    public static Config worker(String join, String host, int port) {
        requirePort("--cluster-port", port, 0);
        String[] parts = join.split(":");
        if (parts.length != 2 || parts[0].isBlank()) {
            throw new BadInputException("--join " + join + ": expected HOST:PORT of the run node, e.g. 127.0.0.1:25520");
        }
        int seedPort;
        try {
            seedPort = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new BadInputException("--join " + join + ": expected HOST:PORT with a numeric port, got '" + parts[1] + "'");
        }
        requirePort("--join", seedPort, 1);
        return node(host, port, WORKER_ROLE, join);
    }

    /**
     * Artery over TLS with mutual authentication: {@code keystore} (PKCS12) holds the cluster's key
     * pair and is also the only trusted certificate, so a node without the same keystore can neither
     * join nor send anything. The password comes from the environment, never the command line.
     */
    public static Config withTls(Config node, Path keystore, String password) {
        if (!Files.isReadable(keystore)) {
            throw new BadInputException("--tls-keystore " + keystore + ": expected a readable PKCS12 keystore"
                    + " (make one with keytool, see README 'Several machines')");
        }
        if (password == null || password.isEmpty()) {
            throw new BadInputException("--tls-keystore " + keystore + ": set the keystore's password in the"
                    + " environment variable " + TLS_PASSWORD_VARIABLE);
        }
        String path = keystore.toAbsolutePath().toString();
        return ConfigFactory.empty()
                .withValue("akka.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
                .withValue(SSL + "key-store", ConfigValueFactory.fromAnyRef(path))
                .withValue(SSL + "trust-store", ConfigValueFactory.fromAnyRef(path))
                .withValue(SSL + "key-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(SSL + "key-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(SSL + "trust-store-password", ConfigValueFactory.fromAnyRef(password))
                .withFallback(node);
    }

    /**
     * {@code --cluster-linger}: a duration as sweep files write them ({@code 30s}, {@code 5m},
     * {@code 0}), at most an hour (a run node is the sweep's process, not a service).
     */
    public static Duration linger(String text) {
        Duration linger;
        try {
            linger = ConfigFactory.parseMap(Map.of("linger", text)).getDuration("linger");
        } catch (ConfigException e) {
            throw new BadInputException("--cluster-linger " + text + ": expected a duration such as 30s, 5m or 0");
        }
        if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new BadInputException("--cluster-linger " + text + ": expected 0 to " + describe(MAX_LINGER));
        }
        return linger;
    }

    /** A linger as the user wrote it, for messages: {@code 30 s}, {@code 1.5 s}. */
    public static String describe(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static Config node(String host, int port, String role, String seed) {
        Config base = ConfigFactory.load();
        return ConfigFactory.empty()
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
                .withValue("akka.cluster.seed-nodes",
                        ConfigValueFactory.fromIterable(List.of("akka://" + SYSTEM_NAME + "@" + seed)))
                .withFallback(ConfigFactory.systemProperties())
                .withFallback(base.getConfig("superpose.cluster"))
                .withFallback(base);
    }

    private static void requirePort(String option, int port, int min) {
        if (port < min || port > 65535) {
            throw new BadInputException(option + ": expected a port " + min + "..65535, got " + port);
        }
    }
}
