package dev.superpose.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Where an unexpected error's stack trace goes: a file of its own, owner-only, in the system's
 * temporary directory, so that the terminal gets one line naming the error and the file.
 */
final class ErrorLog {
    private ErrorLog() {
    }

    /** Appends {@code error}'s stack trace to this process's error log and returns the log, or null if it cannot be written. */
    static Path write(Throwable error) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println(Instant.now() + " pid " + ProcessHandle.current().pid());
            error.printStackTrace(out);
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "superpose-error-" + ProcessHandle.current().pid() + ".log");
        try {
            if (Files.notExists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The error in one line: its type and the first line of its message. */
    static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
        return error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
