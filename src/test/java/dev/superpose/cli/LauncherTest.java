package dev.superpose.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The launcher the build puts next to the jar (src/main/sh/superpose, copied to target/superpose)
 * runs the jar beside it from any folder, through a link on PATH too, with every argument intact.
 * The jar here is a stand-in whose main class prints what it received.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path install() throws IOException {
        Path target = Files.createDirectories(dir.resolve("build/target"));
        Path launcher = Files.copy(Path.of("src/main/sh/superpose"), target.resolve("superpose"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Path.of("target/test-classes").toAbsolutePath().toUri() + " " + Path.of("target/classes").toAbsolutePath().toUri());
        try (OutputStream out = Files.newOutputStream(target.resolve("superpose.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return launcher;
    }

    private static List<String> run(Path workingDir, String path, String command, String... args)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", command + " \"$@\"", "sh"));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", path + ":" + System.getenv("PATH"));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), printed);
        return printed.lines().toList();
    }

    @Test
    void runsTheJarBesideItFromAnotherFolderWithArgumentsIntact() throws IOException, InterruptedException {
        install();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(List.of("command=../build/target/superpose", "arg=run", "arg=seeds=[0, 1]", "arg=it's"),
                run(elsewhere, "/nonexistent", "../build/target/superpose", "run", "seeds=[0, 1]", "it's"));
    }

    @Test
    void aLinkOnPathIsNamedByItsBareName() throws IOException, InterruptedException {
        Path launcher = install();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("superpose"), launcher);
        assertEquals(List.of("command=superpose", "arg=status"), run(dir, bin.toString(), "superpose", "status"));
    }
}
