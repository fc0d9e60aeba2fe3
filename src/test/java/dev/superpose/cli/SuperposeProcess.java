package dev.superpose.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** superpose in a child JVM on the test class path, its output (both streams) in a log file. */
final class SuperposeProcess {
    private SuperposeProcess() {
    }

    /**
     * Starts {@code superpose args...} with {@code jvmOptions} (e.g. {@code -Dakka...} overrides).
     *
     * @param log where standard output and error go; its directory is created
     */
    static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        return start(log, List.of(), jvmOptions, Map.of(), args);
    }

    /** Starts {@code superpose args...} in the working directory {@code workDir}. */
    static Process startIn(Path workDir, Path log, String... args) throws IOException {
        return builder(log, List.of(), List.of(), Map.of(), args).directory(workDir.toFile()).start();
    }

    /** As {@link #start(Path, List, String...)}, with {@code environment} added to this process's. */
    static Process start(Path log, List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException {
        return start(log, List.of(), jvmOptions, environment, args);
    }

    /**
     * Starts {@code superpose args...} with no file allowed to grow past {@code kib} KiB (bash's
     * {@code ulimit -f}): a write beyond fails with "File too large", as on a full disk.
     */
    static Process startWithFileSizeLimit(Path log, int kib, String... args) throws IOException {
        return start(log, List.of("/bin/bash", "-c", "ulimit -f " + kib + " && exec \"$0\" \"$@\""), List.of(),
                Map.of(), args);
    }

    /** Starts {@code superpose args...} on the test class path less the entries {@code leftOut} accepts. */
    static Process startWithout(Path log, java.util.function.Predicate<String> leftOut, String... args)
            throws IOException {
        ProcessBuilder builder = builder(log, List.of(), List.of(), Map.of(), args);
        List<String> command = new ArrayList<>(builder.command());
        int classPath = command.indexOf("-cp") + 1;
        command.set(classPath, java.util.Arrays.stream(command.get(classPath).split(java.io.File.pathSeparator))
                .filter(leftOut.negate()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        return builder.command(command).start();
    }

    private static Process start(Path log, List<String> shell, List<String> jvmOptions, Map<String, String> environment,
                                 String... args) throws IOException {
        return builder(log, shell, jvmOptions, environment, args).start();
    }

    private static ProcessBuilder builder(Path log, List<String> shell, List<String> jvmOptions,
                                          Map<String, String> environment, String... args) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(shell);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder;
    }

    /** A TCP port free on loopback a moment ago, for a cluster node to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
