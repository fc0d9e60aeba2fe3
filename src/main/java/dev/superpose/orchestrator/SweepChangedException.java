package dev.superpose.orchestrator;

/**
 * A sweep name exists in the home with a config the run may neither resume nor extend. The
 * message says what differs and the ways on; the command line adds the exact {@code rm} command.
 */
public final class SweepChangedException extends RuntimeException {
    private final String sweep;

    SweepChangedException(String sweep, String message) {
        super(message);
        this.sweep = sweep;
    }

    public String sweep() {
        return sweep;
    }
}
