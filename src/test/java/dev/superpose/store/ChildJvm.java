package dev.superpose.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second process for the tests of what other processes see: a JVM running a test class's
 * main method on the test class path. The child prints {@link #READY} once it holds what it is
 * meant to hold, obeys one command per line on its standard input, and exits when that closes.
 */
final class ChildJvm implements AutoCloseable {
    static final String READY = "CHILD-READY";

    private final Process process;
    private final BufferedReader output;
    private final PrintWriter input;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts {@code main} with {@code args} and waits until it is ready. */
    static ChildJvm start(Class<?> main, String... args) throws IOException {
        // Surefire runs tests from a manifest-only jar; it publishes the real class path separately.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String[] command = new String[4 + args.length];
        command[0] = java.toString();
        command[1] = "-cp";
        command[2] = classPath;
        command[3] = main.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        ChildJvm child = new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        child.awaitLine(READY);
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code command} and waits for the child's {@code reply}. */
    void ask(String command, String reply) throws IOException {
        input.println(command);
        awaitLine(reply);
    }

    /** kill -9: the child gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + pid() + " survived kill -9");
        }
    }

    /** Closes the child's input, letting it release what it holds and exit; requires exit code 0 unless killed. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        input.close();
        output.transferTo(java.io.Writer.nullWriter());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child " + pid() + " did not exit");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("child " + pid() + " exited with " + process.exitValue());
        }
    }

    private void awaitLine(String expected) throws IOException {
        String line;
        do {
            line = output.readLine();
        } while (line != null && !line.equals(expected));
        if (line == null) {
            throw new IllegalStateException("child exited before printing " + expected);
        }
    }
}
