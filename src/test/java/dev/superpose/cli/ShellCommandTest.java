package dev.superpose.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A printed hint, pasted into a shell, passes every argument through unchanged. */
class ShellCommandTest {
    @Test
    void argumentsSurviveAShellUnchanged() throws IOException, InterruptedException {
        List<String> args = List.of("run", "config/sweeps/tms-intro.conf", "--set",
                "grid.\"data.feature-probability\"=[1, 0.1]", "--set", "sweep.name=it's", "--home", "/tmp/a b",
                "--set", "train.lr=${x}", "*", "");
        String line = "printf '%s\\n' " + String.join(" ", args.stream().map(ShellCommand::quote).toList());
        Process shell = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true).start();
        String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.waitFor(), printed);
        assertEquals(args, List.of(printed.split("\n", -1)).subList(0, args.size()));
    }

    @Test
    void plainArgumentsStayUnquoted() {
        assertEquals("train.steps=2000", ShellCommand.quote("train.steps=2000"));
        assertEquals("'seeds=[0, 1]'", ShellCommand.quote("seeds=[0, 1]"));
    }

    @Test
    void theLaunchersCommandStartsTheHint() {
        String before = System.getProperty(ShellCommand.COMMAND_PROPERTY);
        System.setProperty(ShellCommand.COMMAND_PROPERTY, "target/superpose");
        try {
            assertEquals("target/superpose status --home '/tmp/my home'",
                    ShellCommand.of(new ArrayList<>(List.of("status", "--home", "/tmp/my home"))));
        } finally {
            if (before == null) {
                System.clearProperty(ShellCommand.COMMAND_PROPERTY);
            } else {
                System.setProperty(ShellCommand.COMMAND_PROPERTY, before);
            }
        }
    }
}
