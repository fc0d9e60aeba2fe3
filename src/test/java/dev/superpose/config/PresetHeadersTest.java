package dev.superpose.config;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every preset's header names how to run it and a shorter form, and every command it shows plans:
 * each is read as the shell would read it, and its {@code --set}s are loaded (not trained).
 */
class PresetHeadersTest {
    private static final Path PRESETS = Path.of("config/sweeps");
    /**
     * A header command: {@code # Label:  java -jar target/superpose.jar run FILE ...} or
     * {@code # Label: ... ARGS}, the label optional (a command under the one before, or under a
     * label line of its own).
     */
    private static final Pattern COMMAND = Pattern.compile(
            "#\\s*(?:[A-Za-z ]+:)?\\s+(?:java -jar target/superpose\\.jar|\\.\\.\\.)(.*)");
    /** A continuation: a comment line of only {@code --set} arguments. */
    private static final Pattern CONTINUATION = Pattern.compile("#\\s+(--set .*)");
    private static final Pattern WORD = Pattern.compile("'([^']*)'|(\\S+)");

    record Header(Path file, List<List<String>> commands) {
    }

    static Header header(Path file) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#")) {
                break;
            }
            Matcher command = COMMAND.matcher(line);
            Matcher continuation = CONTINUATION.matcher(line);
            if (command.matches()) {
                commands.add(new ArrayList<>(words(command.group(1))));
            } else if (continuation.matches() && !commands.isEmpty()) {
                commands.get(commands.size() - 1).addAll(words(continuation.group(1)));
            }
        }
        return new Header(file, commands);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }

    /** The --set values of {@code args} ({@code run FILE} and other options are checked apart). */
    static List<String> sets(List<String> args) {
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--set")) {
                sets.add(args.get(++i));
            }
        }
        return sets;
    }

    static long trialSteps(SweepPlan plan) {
        return plan.trials().stream().mapToLong(t -> t.config().train().steps()).sum();
    }

    @TestFactory
    Stream<DynamicTest> everyPresetHeaderHasARunAndAShorterFormThatPlan() throws IOException {
        List<Path> presets;
        try (Stream<Path> files = Files.list(PRESETS)) {
            presets = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        assertFalse(presets.isEmpty());
        return presets.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Header header = header(file);
            String self = "config/sweeps/" + file.getFileName();
            assertTrue(header.commands().stream().anyMatch(c -> c.equals(List.of("run", self))),
                    "a plain run command for " + self + " in " + header.commands());
            long full = trialSteps(SweepLoader.load(file, List.of()));
            boolean shorter = false;
            for (List<String> command : header.commands()) {
                if (command.size() >= 2 && command.get(0).equals("run") && !command.get(1).equals(self)) {
                    continue; // a command for another preset (sae-toy names sae-toy-tms first)
                }
                if (!command.isEmpty() && command.get(0).equals("run")) {
                    assertEquals(self, command.get(1), command.toString());
                }
                SweepPlan plan = SweepLoader.load(file, sets(command));
                shorter |= trialSteps(plan) < full;
            }
            assertTrue(shorter, self + ": no form in its header trains fewer steps than the full sweep: " + header.commands());
        }));
    }
}
