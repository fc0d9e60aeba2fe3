package dev.superpose.orchestrator;

/**
 * The run could not go on: the supervisor, or the actor system it runs in, stopped before the
 * sweep ended (the disk filled and H2 closed, a fatal error in an actor). Everything recorded so
 * far stays; the trials in training continue from their last checkpoint when the same command
 * runs again, once the cause is fixed.
 */
public final class RunAbortedException extends RuntimeException {
    public RunAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
