package dev.superpose.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands superpose prints as hints (how to resume, what to run next), written so that
 * pasting one into a POSIX shell runs it: arguments with spaces, brackets, quotes or {@code $}
 * are single-quoted, and the program is named as the user started it.
 */
final class ShellCommand {
    /** Set by the launcher script (target/superpose): the command that started it. */
    static final String COMMAND_PROPERTY = "superpose.command";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");

    private ShellCommand() {
    }

    /** {@code args} after the program, each quoted as needed. */
    static String of(List<String> args) {
        return Stream.concat(Stream.of(program()), args.stream().map(ShellCommand::quote)).collect(Collectors.joining(" "));
    }

    static String of(String... args) {
        return of(List.of(args));
    }

    /** {@code arg} as one shell word: itself when it needs no quoting, else single-quoted. */
    static String quote(String arg) {
        if (PLAIN.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /**
     * The launcher's command when it started us; else {@code java -jar} with the jar's path
     * (relative to the working directory when inside it); else {@code superpose}.
     */
    static String program() {
        String launcher = System.getProperty(COMMAND_PROPERTY);
        if (launcher != null && !launcher.isBlank()) {
            return quote(launcher);
        }
        CodeSource source = ShellCommand.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                Path code = Path.of(source.getLocation().toURI());
                if (code.getFileName() != null && code.getFileName().toString().endsWith(".jar")) {
                    Path cwd = Path.of("").toAbsolutePath();
                    return "java -jar " + quote(code.startsWith(cwd) ? cwd.relativize(code).toString() : code.toString());
                }
            } catch (URISyntaxException e) {
                // a code source that is no file: name the command instead
            }
        }
        return "superpose";
    }
}
