package dev.superpose.orchestrator;

import akka.actor.typed.ActorRef;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns Ctrl-C / SIGTERM during a run into an orderly stop: the JVM shutdown hook asks the
 * supervisor to checkpoint every stack in training, waits until the run has closed H2, reports,
 * and ends the process with exit code 130 (README, "Exit codes"). Akka's own shutdown hook is off
 * (application.conf) so that nothing stops the trainers before they have checkpointed.
 */
final class InterruptGuard {
    /** How long a hung trainer may delay the exit; the last checkpoint on disk is used then. */
    private static final long GRACE_SECONDS = 60;

    private final Runnable onInterrupted;
    private final CompletableFuture<ActorRef<SupervisorProtocol.Command>> supervisor = new CompletableFuture<>();
    private final CompletableFuture<Void> runClosed = new CompletableFuture<>();
    private final Thread hook = new Thread(this::interrupt, "superpose-interrupt");

    /** @param onInterrupted tells the user how to resume; runs on the hook thread just before exit */
    InterruptGuard(Runnable onInterrupted) {
        this.onInterrupted = onInterrupted;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The supervisor to interrupt, once it runs. */
    void supervisorStarted(ActorRef<SupervisorProtocol.Command> ref) {
        supervisor.complete(ref);
    }

    /** The run has stopped and closed H2: an interruption in progress may now end the process. */
    void runClosed() {
        runClosed.complete(null);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process
        }
    }

    private void interrupt() {
        supervisor.thenAccept(ref -> ref.tell(new SupervisorProtocol.Interrupt()));
        try {
            runClosed.get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("superpose: the run did not stop within " + GRACE_SECONDS
                    + " s; resuming continues from the last checkpoint on disk");
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        onInterrupted.run();
        System.err.flush();
        Runtime.getRuntime().halt(SweepRunner.EXIT_INTERRUPTED);
    }
}
