package dev.superpose.config;

/**
 * A user's input (sweep file, override, argument, data file) is wrong. The message is one line
 * that names the input and what was expected; the CLI prints it and exits with code 2.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
