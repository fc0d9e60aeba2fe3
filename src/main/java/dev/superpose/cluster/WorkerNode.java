package dev.superpose.cluster;

import akka.actor.Address;
import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.SelfUp;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.Config;
import dev.superpose.metrics.TrainerMeters;
import dev.superpose.orchestrator.DeviceTrainer;
import dev.superpose.orchestrator.TrainerProtocol;
import dev.superpose.orchestrator.TrainerSlots;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker node: joins the run node's cluster and runs trainers, one per device slot, which pull
 * stacks from the run node's supervisor through the cluster Receptionist. It owns nothing of the
 * home: checkpoints and weights go to the run node as streams. It ends when its trainers are told
 * there is no more work (the sweep ended, also when the worker joined a run node that was only
 * lingering after its end: {@link EndedSweep}), when the run node leaves the cluster, when it is
 * downed (it lost the run node), or when nobody answered its join, saying which.
 */
public final class WorkerNode {
    /** What a worker runs: its actor-system settings, its trainers, and where sources read their files. */
    public record Settings(Config akka, String join, List<Integer> devices, int trainersPerDevice, Path home,
                           TrainerMeters.Source meters, PrintWriter err) {
    }

    /** Exit code of a worker that had joined and lost the run node (README, "Several machines"). */
    public static final int EXIT_LOST = 1;
    /**
     * Exit code of a worker that nobody answered: no run node there (ended long ago, not started
     * yet, wrong address) or one it may not join (another TLS keystore). EX_TEMPFAIL of sysexits.h:
     * a job scheduler may retry it later.
     */
    public static final int EXIT_NOBODY = 75;

    private sealed interface Event extends NoSerializationVerificationNeeded {
    }

    private record Joined() implements Event {
    }

    private record TrainerStopped(String name) implements Event {
    }

    /** A trainer was told that the sweep has no more work (and why) before it stopped. */
    private record Released(TrainerProtocol.NoMoreWork why) implements Event {
    }

    private record MemberRemoved(ClusterEvent.MemberRemoved removed) implements Event {
    }

    /** How the worker ended: its exit code and what it tells the user. */
    private record Ending(int exitCode, String message) {
    }

    private WorkerNode() {
    }

    /** Runs the worker until it ends; returns its exit code (0 when the sweep needs it no more). */
    public static int run(Settings settings) {
        CompletableFuture<Ending> ending = new CompletableFuture<>();
        CompletableFuture<Void> joined = new CompletableFuture<>();
        ActorSystem<Event> system = ActorSystem.create(guardian(settings, ending, joined), ClusterConfig.SYSTEM_NAME,
                settings.akka());
        system.getWhenTerminated().toCompletableFuture().join();
        Ending end = ending.getNow(joined.isDone()
                ? new Ending(EXIT_LOST, "lost the run node at " + settings.join() + " and was downed: no heartbeats"
                + " between them for longer than the failure detector allows (the run node stopped without leaving,"
                + " the network failed, or this JVM was paused); a stack it held continues from its last shipped"
                + " checkpoint. Start the worker again once the run node is reachable")
                : new Ending(EXIT_NOBODY, "nobody answered at " + settings.join() + ": the run node there has ended"
                + " its sweep (and its --cluster-linger), has not started yet, is not reachable from here, or holds"
                + " another TLS keystore"));
        settings.err().println("superpose worker: " + end.message());
        settings.err().flush();
        return end.exitCode();
    }

    private static Behavior<Event> guardian(Settings settings, CompletableFuture<Ending> ending,
                                            CompletableFuture<Void> joined) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(SelfUp.class, up -> new Joined()),
                    SelfUp.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                    MemberRemoved::new), ClusterEvent.MemberRemoved.class));
            Address self = cluster.selfMember().address();
            String prefix = self.getHost().orElse("?") + ":" + self.getPort().orElse(0) + "/";
            List<TrainerSlots.Slot> slots = TrainerSlots.plan(prefix, settings.devices(), settings.trainersPerDevice());
            ActorRef<TrainerProtocol.NoMoreWork> released =
                    ctx.messageAdapter(TrainerProtocol.NoMoreWork.class, Released::new);
            for (TrainerSlots.Slot slot : slots) {
                ActorRef<?> trainer = ctx.spawn(DeviceTrainer.create(slot, settings.meters(), settings.home(), released),
                        "trainer-" + slot.name().substring(prefix.length()),
                        DispatcherSelector.fromConfig("superpose.trainer-dispatcher"));
                ctx.watchWith(trainer, new TrainerStopped(slot.name()));
            }
            int[] running = {slots.size()};
            TrainerProtocol.NoMoreWork[] why = {null};
            return Behaviors.receive(Event.class)
                    .onMessage(Joined.class, m -> {
                        joined.complete(null);
                        settings.err().println("superpose worker: joined " + settings.join() + " as "
                                + cluster.selfMember().address() + " with trainers "
                                + slots.stream().map(TrainerSlots.Slot::name).toList());
                        settings.err().flush();
                        return Behaviors.same();
                    })
                    .onMessage(Released.class, m -> {
                        why[0] = m.why();
                        return Behaviors.same();
                    })
                    .onMessage(TrainerStopped.class, m -> {
                        if (--running[0] > 0) {
                            return Behaviors.same();
                        }
                        ending.complete(new Ending(0, released(why[0])));
                        return leave(ctx);
                    })
                    .onMessage(MemberRemoved.class, m -> {
                        // Only a run node that left (Exiting) ended the sweep; a downed one was lost.
                        if (!m.removed().member().hasRole(ClusterConfig.RUN_ROLE)
                                || !m.removed().previousStatus().equals(MemberStatus.exiting())) {
                            return Behaviors.same();
                        }
                        ending.complete(new Ending(0, "the run node left the cluster: its sweep ended or was"
                                + " interrupted"));
                        return leave(ctx);
                    })
                    .build();
        });
    }

    /**
     * Terminates the system through the coordinated shutdown, which leaves the cluster (the others
     * confirm the exit) before the actors stop. Stopping the guardian instead stopped remoting while
     * the leave was under way ("Task [exiting-completed] failed"): a run node leaving at the same
     * moment, whose leave this worker led, then waited its full 10 s cluster-exiting timeout.
     */
    private static Behavior<Event> leave(ActorContext<Event> ctx) {
        ctx.getSystem().terminate();
        return Behaviors.same();
    }

    /** Why every trainer stopped: the supervisor released them, or (Ctrl-C on the run node) stopped them mid-stack. */
    private static String released(TrainerProtocol.NoMoreWork why) {
        if (why == null || why.interrupted()) {
            return "the run node is stopping: " + (why == null ? "its sweep" : "sweep " + why.sweep())
                    + " was interrupted there, and resumes when it is run again";
        }
        return "sweep " + why.sweep() + " has ended: nothing left to train";
    }
}
