package dev.superpose.cluster;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EndedSweepTest {
    /** Far longer than a warm JVM takes to start an actor system up to its bind. */
    private static final Duration STILL_STOPPING = Duration.ofSeconds(3);
    private static final Duration LINGER = Duration.ofSeconds(1);

    /**
     * The sweep's actor system, when its leave of the cluster outlasted SweepRunner's wait for it,
     * still holds the port as the linger starts (ClusterRunTest's late worker once found nobody):
     * the linger waits for the port instead of failing at once, then stays its whole duration.
     */
    @Test
    void lingersOnceTheSweepsActorSystemHasReleasedThePort() throws Exception {
        Config runNode = ClusterConfig.runNode(ClusterConfig.DEFAULT_HOST, freePort());
        ActorSystem<Void> sweeps = ActorSystem.create(Behaviors.empty(), ClusterConfig.SYSTEM_NAME, runNode);
        CoordinatedShutdown.get(sweeps).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "still-stopping",
                () -> CompletableFuture.supplyAsync(Done::getInstance,
                        CompletableFuture.delayedExecutor(STILL_STOPPING.toMillis(), TimeUnit.MILLISECONDS)));
        sweeps.terminate();

        long start = System.nanoTime();
        EndedSweep.linger(runNode, "s", LINGER, 0);

        assertTrue(sweeps.getWhenTerminated().toCompletableFuture().isDone());
        assertTrue(System.nanoTime() - start >= STILL_STOPPING.plus(LINGER).toNanos(),
                "waited for the port, then lingered " + LINGER);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(ClusterConfig.DEFAULT_HOST))) {
            return socket.getLocalPort();
        }
    }
}
