package dev.superpose.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of bad input is rejected with one line naming the file, the setting and the expectation. */
class SweepValidationTest {
    @TempDir
    Path dir;

    private String rejection(String content, String... overrides) {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepFiles.load(dir, content, overrides));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), "expected <" + expected + "> in <" + message + ">");
    }

    /** A setting appended to a valid sweep, the path it breaks, and the expected message tail. */
    static Stream<Arguments> outOfRange() {
        return Stream.of(
                arguments("model.features = 0", "model.features", "expected an integer >= 1, got 0"),
                arguments("model.hidden = 0", "model.hidden", "expected an integer >= 1, got 0"),
                arguments("train.steps = -5", "train.steps", "expected an integer >= 1, got -5"),
                arguments("train.batch-size = 0", "train.batch-size", "expected an integer >= 1, got 0"),
                arguments("train.lr = 0", "train.lr", "expected a number > 0, got 0"),
                arguments("train { optimizer = adamw, weight-decay = -0.1 }", "train.weight-decay",
                        "expected a number >= 0, got -0.1"),
                arguments("train { steps = 100, warmup-steps = 101 }", "train.warmup-steps",
                        "expected an integer in [0, train.steps = 100], got 101"),
                arguments("train.warmup-steps = -1", "train.warmup-steps", "expected an integer in [0, train.steps = 5000], got -1"),
                arguments("train.log-every = 0", "train.log-every", "expected an integer >= 1, got 0"),
                arguments("data.feature-probability = 1.5", "data.feature-probability",
                        "expected a number in [0, 1], got 1.5"),
                arguments("data.feature-probability = -0.1", "data.feature-probability",
                        "expected a number in [0, 1], got -0.1"),
                arguments("data.importance-decay = 0", "data.importance-decay", "expected a number > 0, got 0"),
                arguments("data.last-importance = 0", "data.last-importance", "expected a number > 0, got 0"),
                arguments("sweep.experiment = tms-abs", "data.magnitude",
                        "expected signed-uniform for experiment tms-abs (|x| of non-negative x is x), got \"uniform\""),
                arguments("data.importance = [1, 1, -1, 1, 1]", "data.importance", "expected numbers >= 0, got -1"),
                arguments("data.importance = [1, 1]", "data.importance",
                        "expected 5 values (one per model.features), got 2 values"),
                arguments("data.correlated-sets = -1", "data.correlated-sets", "expected an integer >= 0, got -1"),
                arguments("data.anticorrelated-sets = -1", "data.anticorrelated-sets", "expected an integer >= 0, got -1"),
                arguments("data.set-size = 0", "data.set-size", "expected an integer >= 1, got 0"),
                arguments("data { correlated-sets = 2, anticorrelated-sets = 1 }", "data.anticorrelated-sets",
                        "expected (correlated-sets + anticorrelated-sets) * set-size <= model.features = 5, got (2 + 1) * 2"),
                arguments("data.correlated-sets = 3", "data.correlated-sets",
                        "expected (correlated-sets + anticorrelated-sets) * set-size <= model.features = 5, got (3 + 0) * 2"),
                arguments("data { correlated-sets = 1, set-size = 6 }", "data.correlated-sets",
                        "expected (correlated-sets + anticorrelated-sets) * set-size <= model.features = 5, got (1 + 0) * 6"),
                arguments("data { anticorrelated-sets = 1, feature-probability = 0.6 }", "data.feature-probability",
                        "expected a number in [0, 1 / data.set-size = 0.5] when data.anticorrelated-sets > 0 with"
                                + " anticorrelated-mode at-most-one, got 0.6"),
                arguments("data { anticorrelated-sets = 1, set-size = 4, feature-probability = 0.3 }",
                        "data.feature-probability", "expected a number in [0, 1 / data.set-size = 0.25]"),
                arguments("data.dataset-size = -1", "data.dataset-size", "expected an integer >= 0, got -1"),
                arguments("sweep.stack-size = 0", "sweep.stack-size", "expected an integer >= 1, got 0"),
                arguments("train.checkpoint-every = 0", "train.checkpoint-every", "expected an integer >= 1, got 0"),
                arguments("train.max-retries = -1", "train.max-retries", "expected an integer >= 0, got -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void outOfRangeValuesAreRejected(String setting, String path, String expectation) {
        assertContains("test.conf: " + path + ": " + expectation, rejection(SweepFiles.MINIMAL + setting + "\n"));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                arguments("train.steps = many", "train.steps", "expected an integer >= 1, got \"many\""),
                arguments("model.hidden = 2.5", "model.hidden", "expected an integer >= 1, got 2.5"),
                arguments("train.lr = [0.1]", "train.lr", "expected a number > 0, got [0.1]"),
                arguments("data.importance = 0.9", "data.importance",
                        "expected a list of values or one of { linspace | logspace | geomspace = [from, to, n] }, got 0.9"),
                arguments("model = 5", "model", "expected an object with settings features, hidden, variant, got 5"),
                arguments("sweep.seeds = []", "sweep.seeds", "expected a non-empty list of distinct integers, got []"),
                arguments("sweep.seeds = [1, 1.5]", "sweep.seeds",
                        "expected a non-empty list of distinct integers, got 1.5 in the list"),
                arguments("sweep.seeds = [3, 3]", "sweep.seeds", "expected a non-empty list of distinct integers, got [3,3]"),
                arguments("sweep.name = \"my sweep\"", "sweep.name",
                        "expected a name of letters, digits, '.', '_' and '-' starting with a letter or digit, got \"my sweep\""),
                arguments("sweep.name = null", "sweep.name", "expected a name of letters"),
                arguments("data.unit-norm = 1", "data.unit-norm", "expected true or false, got 1"),
                arguments("data.dataset-size = 2.5", "data.dataset-size", "expected an integer >= 0, got 2.5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void wrongTypesAreRejected(String setting, String path, String expectation) {
        assertContains("test.conf: " + path + ": " + expectation, rejection(SweepFiles.MINIMAL + setting + "\n"));
    }

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                arguments("model.variant = relu", "model.variant", "expected one of linear, relu-output, got \"relu\""),
                arguments("data.magnitude = gaussian", "data.magnitude", "expected one of uniform, normal, signed-uniform, got \"gaussian\""),
                arguments("data.anticorrelated-mode = exclusive", "data.anticorrelated-mode",
                        "expected one of at-most-one, exactly-one, got \"exclusive\""),
                arguments("train.optimizer = sgd", "train.optimizer", "expected one of adam, adamw, got \"sgd\""),
                arguments("train.schedule = step", "train.schedule",
                        "expected one of constant, linear, cosine, warmup-cosine, got \"step\""),
                arguments("sweep.experiment = gpt", "sweep.experiment", "expected one of tms, tms-neuron, tms-abs, sae, got \"gpt\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownIds")
    void unknownIdsListTheAllowedOnes(String setting, String path, String expectation) {
        assertContains("test.conf: " + path + ": " + expectation, rejection(SweepFiles.MINIMAL + setting + "\n"));
    }

    @Test
    void unknownKeysSuggestTheNearestSetting() {
        assertContains("test.conf: train.step: unknown setting; did you mean train.steps?",
                rejection(SweepFiles.MINIMAL + "train.step = 100\n"));
        assertContains("test.conf: modle: unknown setting; did you mean model?",
                rejection(SweepFiles.MINIMAL + "modle { features = 5 }\n"));
        assertContains("test.conf: grid: unknown setting; did you mean sweep.grid?",
                rejection(SweepFiles.MINIMAL + "grid { \"model.hidden\" = [1] }\n"));
        String unlike = rejection(SweepFiles.MINIMAL + "train.temperature = 1\n");
        assertContains("test.conf: train.temperature: unknown setting", unlike);
        assertFalse(unlike.contains("did you mean"), unlike);
    }

    @Test
    void tmsNeuronRejectsTheLinearVariant() {
        assertContains("test.conf: model.variant: expected relu-output for experiment tms-neuron",
                rejection(SweepFiles.MINIMAL + "sweep.experiment = tms-neuron, model.variant = linear\n"));
    }

    @Test
    void weightDecayNeedsAdamw() {
        String message = rejection(SweepFiles.MINIMAL + "train.weight-decay = 0.01\n");
        assertContains("test.conf: train.weight-decay: expected 0 with optimizer adam (use optimizer = adamw", message);
        assertContains("got 0.01", message);
    }

    @Test
    void malformedHoconNamesFileAndLine() {
        String message = rejection("sweep {\n  name = x\n  seeds = [0,, 1]\n}\n");
        assertContains("test.conf: 3: ", message);
    }

    @Test
    void unresolvedSubstitutionNamesFileAndLine() {
        String message = rejection(SweepFiles.MINIMAL + "train.steps = ${train.stepz}\n");
        assertContains("test.conf: 2: ", message);
        assertContains("train.stepz", message);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.conf");
        BadInputException e = assertThrows(BadInputException.class, () -> SweepLoader.load(missing, List.of()));
        assertEquals(missing + ": no such sweep file", e.getMessage());
    }

    @Test
    void badOverridesNameTheOverride() {
        assertEquals("--set train.steps: expected path=value, e.g. --set train.steps=2000",
                rejection(SweepFiles.MINIMAL, "train.steps").trim());
        assertContains("--set train.steps=[1,: expected path=value with a HOCON value",
                rejection(SweepFiles.MINIMAL, "train.steps=[1,"));
    }

    @Test
    void valuesFromOverridesSayWhichOverride() {
        assertEquals(dir.resolve("test.conf") + ": train.steps: expected an integer >= 1, got -5 (from --set train.steps=-5)",
                rejection(SweepFiles.MINIMAL, "train.lr=0.1", "train.steps=-5"));
        assertContains("test.conf: train.stepz: unknown setting; did you mean train.steps? (from --set train.stepz=3)",
                rejection(SweepFiles.MINIMAL, "train.stepz=3"));
    }

    @Test
    void gridEntriesMustBeKnownModelDataOrTrainSettings() {
        assertContains("test.conf: sweep.grid.\"data.feature-probabilty\": not a model, data, train, sae or source setting; "
                        + "did you mean data.feature-probability?",
                rejection(SweepFiles.MINIMAL + "sweep.grid { \"data.feature-probabilty\" = [0.1] }\n"));
        assertContains("test.conf: sweep.grid.\"sweep.stack-size\": not a model, data, train, sae or source setting",
                rejection(SweepFiles.MINIMAL + "sweep.grid { \"sweep.stack-size\" = [1, 2] }\n"));
        assertContains("test.conf: sweep.grid.\"train.max-retries\": not a model, data, train, sae or source setting",
                rejection(SweepFiles.MINIMAL + "sweep.grid { \"train.max-retries\" = [1, 2] }\n"));
    }

    @Test
    void gridListsMustBeNonEmptyLists() {
        assertContains("test.conf: sweep.grid.\"model.hidden\": expected a non-empty list of values, got []",
                rejection(SweepFiles.MINIMAL + "sweep.grid { \"model.hidden\" = [] }\n"));
        assertContains("test.conf: sweep.grid.\"model.hidden\": expected a list of values or one of",
                rejection(SweepFiles.MINIMAL + "sweep.grid { \"model.hidden\" = 3 }\n"));
        assertContains("test.conf: sweep.grid: expected an object mapping model/data/train/sae/source settings to lists of values",
                rejection(SweepFiles.MINIMAL + "sweep.grid = [1]\n"));
    }

    @Test
    void gridValuesAreValidatedLikeTheScalarAtTheirGridPoint() {
        String message = rejection(SweepFiles.MINIMAL
                + "sweep.grid { \"model.variant\" = [linear], \"data.feature-probability\" = [0.5, 2] }\n");
        assertEquals(dir.resolve("test.conf") + ": sweep.grid.\"data.feature-probability\": expected a number in [0, 1], got 2"
                + " (at grid point model.variant=\"linear\", data.feature-probability=2)", message);
    }

    @Test
    void crossChecksRunAtEveryGridPoint() {
        // steps 100 is fine alone, but not with the file's warm-up of 200
        String message = rejection(SweepFiles.MINIMAL
                + "train { schedule = warmup-cosine, warmup-steps = 200 }, sweep.grid { \"train.steps\" = [1000, 100] }\n");
        assertEquals(dir.resolve("test.conf") + ": train.warmup-steps: expected an integer in [0, train.steps = 100], got 200"
                + " (at grid point train.steps=100)", message);
        assertContains("test.conf: sweep.grid.\"model.variant\": expected relu-output for experiment tms-neuron",
                rejection(SweepFiles.MINIMAL + "sweep.experiment = tms-neuron, sweep.grid { \"model.variant\" = [relu-output, linear] }\n"));
    }

    @Test
    void gridOverridesSayWhichOverride() {
        assertContains("(from --set grid.\"model.hidden\"=[0])",
                rejection(SweepFiles.MINIMAL, "grid.\"model.hidden\"=[0]"));
    }
}
