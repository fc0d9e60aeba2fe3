package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way of writing a grid axis, in the file or in {@code --set}, names the same axis. */
class GridOverrideSpellingsTest {
    private static final String QUOTED_FILE = """
            sweep { name = s, experiment = tms, seeds = [0]
              grid { "data.feature-probability" = [1, 0.5, 0.25], "model.hidden" = [1, 2] } }
            """;
    private static final String NESTED_FILE = """
            sweep { name = s, experiment = tms, seeds = [0]
              grid { data { feature-probability = [1, 0.5, 0.25] }, model { hidden = [1, 2] } } }
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "grid.\"data.feature-probability\"=[1, 0.1]",          // the README's spelling
            "grid.data.feature-probability=[1, 0.1]",
            "sweep.grid.\"data.feature-probability\"=[1, 0.1]",
            "sweep.grid.data.feature-probability=[1, 0.1]",
            "grid { \"data.feature-probability\" = [1, 0.1] }",
            "grid { data { feature-probability = [1, 0.1] } }",
            "grid.\"data.feature-probability\"={ linspace = [1, 0.1, 2] }"})
    void everySpellingReplacesTheQuotedAxisOfTheFile(String override) {
        assertReplaced(SweepFiles.load(dir, QUOTED_FILE, override));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "grid.\"data.feature-probability\"=[1, 0.1]",
            "grid.data.feature-probability=[1, 0.1]",
            "grid { \"data.feature-probability\" = [1, 0.1] }"})
    void everySpellingReplacesTheNestedAxisOfTheFile(String override) {
        assertReplaced(SweepFiles.load(dir, NESTED_FILE, override));
    }

    private static void assertReplaced(SweepPlan plan) {
        assertEquals(List.of("data.feature-probability", "model.hidden"), plan.gridPaths(),
                "one axis, still first: " + plan.gridPaths());
        assertEquals(List.of(1.0, 1.0, 0.1, 0.1), plan.trials().stream()
                .map(t -> t.config().data().featureProbability()).toList());
        assertEquals(1, countOf(plan.canonicalConfig(), "data.feature-probability"),
                "the stored config holds the axis once: " + plan.canonicalConfig());
    }

    @Test
    void anOverridingSequenceReplacesTheFilesSequenceInsteadOfMergingWithIt() {
        SweepPlan plan = SweepFiles.load(dir, """
                sweep { name = s, experiment = tms, seeds = [0], grid { "train.lr" = { geomspace = [0.1, 0.001, 3] } } }
                """, "grid.train.lr={ linspace = [0.1, 0.2, 2] }");
        assertEquals(List.of(0.1, 0.2), plan.trials().stream().map(t -> t.config().train().lr()).toList());
    }

    @Test
    void nullRemovesTheAxisWhateverTheSpelling() {
        SweepPlan plan = SweepFiles.load(dir, QUOTED_FILE, "grid.model.hidden=null");
        assertEquals(List.of("data.feature-probability"), plan.gridPaths());
    }

    @Test
    void nullOnASectionRemovesEveryAxisUnderIt() {
        SweepPlan plan = SweepFiles.load(dir, QUOTED_FILE, "grid.data=null");
        assertEquals(List.of("model.hidden"), plan.gridPaths());
    }

    @Test
    void oneFileWritingAnAxisUnderTwoSpellingsIsAmbiguous() {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepFiles.load(dir, """
                sweep { name = s, experiment = tms, seeds = [0]
                  grid { "data.feature-probability" = [1, 0.5], data { feature-probability = [0.1] } } }
                """));
        assertTrue(e.getMessage().contains("sweep.grid.\"data.feature-probability\": written twice"), e.getMessage());
    }

    @Test
    void aBadValueFromANestedOverrideNamesThatOverride() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepFiles.load(dir, QUOTED_FILE, "grid.data.feature-probability=[2]"));
        assertTrue(e.getMessage().contains("(from --set grid.data.feature-probability=[2])"), e.getMessage());
    }

    private static int countOf(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
