package dev.superpose.store;

/**
 * Another process holds the {@link HomeLock} of a home. The message names that process and the
 * home; the command line maps it to exit code 2, as nothing was written.
 */
public final class HomeInUseException extends IllegalStateException {
    public HomeInUseException(String message) {
        super(message);
    }
}
