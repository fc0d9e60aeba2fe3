package dev.superpose.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        return start(log, List.of(), jvmOptions, args);
    }

    /**
     * Starts {@code superpose args...} with no file allowed to grow past {@code kib} KiB (bash's
     * {@code ulimit -f}): a write beyond fails with "File too large", as on a full disk.
     */
    static Process startWithFileSizeLimit(Path log, int kib, String... args) throws IOException {
        return start(log, List.of("/bin/bash", "-c", "ulimit -f " + kib + " && exec \"$0\" \"$@\""), List.of(), args);
    }

    private static Process start(Path log, List<String> shell, List<String> jvmOptions, String... args) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(shell);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
