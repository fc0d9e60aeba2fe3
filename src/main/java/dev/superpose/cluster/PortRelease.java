package dev.superpose.cluster;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Waits until a TCP port can be listened on again. {@link EndedSweep} binds the run node's port
 * right after the sweep's own actor system, which may still hold it: SweepRunner stops waiting for
 * that system after 10 s, while its leave of the cluster takes as long when a member does not
 * confirm it (Akka's cluster-exiting phase runs into its 10 s timeout; seen with a worker that
 * led the cluster and left at the same moment), and the port is released only after that.
 * Binding in between fails with "Address already in use". It probes with a plain socket bound as
 * Artery binds (SO_REUSEADDR: connections in TIME_WAIT do not count), not with actor systems,
 * each of which logs a failed bind with a stack trace.
 */
final class PortRelease {
    private static final long PAUSE_MILLIS = 200;

    private PortRelease() {
    }

    /**
     * Returns once {@code host:port} is free.
     *
     * @throws IllegalStateException when it is still taken after {@code patience}, or the wait is interrupted
     */
    static void await(String host, int port, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (BindException taken = bind(host, port); taken != null; taken = bind(host, port)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(host + ":" + port + " is still taken after "
                        + ClusterConfig.describe(patience) + " (" + taken.getMessage() + "); expected the sweep's own"
                        + " actor system to release it as it stopped (does another process listen there?)");
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + host + ":" + port
                        + " to be released", e);
            }
        }
    }

    /**
     * Binds and closes a probe: null when that worked, else why not. Any other failure (an unknown
     * host, say) is left to the actor system's own bind to report.
     */
    private static BindException bind(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (BindException e) {
            return e;
        } catch (IOException e) {
            return null;
        }
    }
}
