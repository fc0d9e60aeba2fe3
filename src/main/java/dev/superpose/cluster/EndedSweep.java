package dev.superpose.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.Config;
import dev.superpose.orchestrator.SupervisorProtocol;
import dev.superpose.orchestrator.SweepSupervisor;
import dev.superpose.orchestrator.TrainerProtocol;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run node whose sweep has ended stays in the cluster a while ({@code run --cluster-linger}),
 * so that a worker started late, by hand or by a job scheduler, learns that the sweep is over and
 * exits 0, instead of finding nobody at the address and failing as if the run node had not
 * started. In place of the supervisor it registers an actor under the supervisor's key that
 * answers every {@code RequestWork} with {@code NoMoreWork}. It runs once the sweep's outputs are
 * written, on the same address (a new incarnation) as soon as the sweep's actor system has
 * released it ({@link PortRelease}), and touches nothing of the home.
 */
public final class EndedSweep {
    /** How long leaving the cluster may take when the linger ends or is cut short. */
    private static final long LEAVE_SECONDS = 10;
    /**
     * How long the sweep's actor system may still hold the address ({@link PortRelease}). Akka's
     * coordinated shutdown gives a node's leave at most 35 s (cluster-leave 5, cluster-exiting 10,
     * cluster-exiting-done 5, cluster-shutdown 5, actor-system-terminate 10), of which SweepRunner
     * waited 10 before writing the outputs.
     */
    private static final Duration REBIND_PATIENCE = Duration.ofSeconds(30);

    private EndedSweep() {
    }

    /**
     * Answers workers for {@code linger} on the run node's address ({@code akka}), then leaves the
     * cluster. Ctrl-C / SIGTERM ends it early: the process then exits with {@code exitCode}, the
     * sweep's own, since nothing was interrupted.
     *
     * @throws IllegalStateException when the address is still taken after {@link #REBIND_PATIENCE}
     * @throws akka.remote.RemoteTransportException when the address cannot be bound all the same
     */
    public static void linger(Config akka, String sweep, Duration linger, int exitCode) {
        // set once bound; a signal while the port is still awaited ends the process with the sweep's code all the same
        AtomicReference<ActorSystem<Void>> bound = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            Optional.ofNullable(bound.get()).ifPresent(EndedSweep::leave);
            Runtime.getRuntime().halt(exitCode); // a JVM ended by a signal would otherwise exit with 128 + signal
        }, "superpose-linger-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PortRelease.await(setting(akka, "hostname"), Integer.parseInt(setting(akka, "port")), REBIND_PATIENCE);
            ActorSystem<Void> system = ActorSystem.create(guardian(sweep), ClusterConfig.SYSTEM_NAME, akka);
            bound.set(system);
            system.getWhenTerminated().toCompletableFuture().get(linger.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            leave(bound.get());
        } catch (ExecutionException e) {
            // the system stopped by itself (a fatal error, logged): there is nothing left to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process
            }
        }
    }

    /** Where Artery binds: {@code akka.remote.artery.bind.NAME}, empty (Akka's default) for the canonical one. */
    private static String setting(Config akka, String name) {
        String bind = akka.getString("akka.remote.artery.bind." + name);
        return bind.isEmpty() ? akka.getString("akka.remote.artery.canonical." + name) : bind;
    }

    /** Terminating the system leaves the cluster first, so that a worker that joined sees the run node go. */
    private static void leave(ActorSystem<Void> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(LEAVE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // gone without a graceful leave: workers still joined find the run node lost
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Behavior<Void> guardian(String sweep) {
        return Behaviors.setup(ctx -> {
            ActorRef<SupervisorProtocol.Command> answer = ctx.spawn(answering(sweep), "sweep-" + sweep + "-ended");
            ctx.getSystem().receptionist().tell(Receptionist.register(SweepSupervisor.KEY, answer));
            return Behaviors.empty();
        });
    }

    /** Every trainer that asks for work is told the sweep has ended; nothing else is sent to an ended sweep. */
    private static Behavior<SupervisorProtocol.Command> answering(String sweep) {
        return Behaviors.receive(SupervisorProtocol.Command.class)
                .onMessage(SupervisorProtocol.RequestWork.class, m -> {
                    m.trainer().tell(new TrainerProtocol.NoMoreWork(sweep, false));
                    return Behaviors.same();
                })
                .build();
    }
}
