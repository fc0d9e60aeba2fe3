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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** data.kind and the settings of each kind: read into the trial's generator, validated with clear messages, griddable. */
class DataKindSettingsTest {
    @TempDir
    Path dir;

    private DataGenerator generator(String settings) {
        return SweepFiles.load(dir, SweepFiles.MINIMAL + settings + "\n").trials().get(0).config().data().generator();
    }

    @Test
    void defaultKindIsSparse() {
        assertEquals(new DataGenerator.Sparse(), generator(""));
    }

    @Test
    void eachKindCarriesItsOwnSettingsWithTheirDefaults() {
        assertEquals(new DataGenerator.Lomax(3), generator("data.kind = lomax"));
        assertEquals(new DataGenerator.Lomax(0.8), generator("data { kind = lomax, lomax-shape = 0.8 }"));
        assertEquals(new DataGenerator.Clustered(4, 0.5, 5, 0.3), generator("data.kind = clustered"));
        assertEquals(new DataGenerator.Clustered(2, 1, 3, 0.05),
                generator("data { kind = clustered, topics = 2, topic-beta = [1, 3], topic-concentration = 0.05 }"));
        assertEquals(new DataGenerator.Sharkey(0.99, 5), generator("data.kind = sharkey"));
        assertEquals(new DataGenerator.Sharkey(0.5, 2.5),
                generator("data { kind = sharkey, probability-decay = 0.5, mean-active = 2.5 }"));
    }

    @Test
    void settingsOfOtherKindsAreIgnored() {
        // mean-active above model.features and set/probability constraints only bind the kinds reading them
        assertEquals(new DataGenerator.Sparse(), generator("data { mean-active = 50, topics = 9 }"));
        assertEquals(new DataGenerator.Sharkey(0.99, 3),
                generator("data { kind = sharkey, mean-active = 3, anticorrelated-sets = 1, feature-probability = 0.8 }"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("data.kind = zipf", "data.kind", "expected one of sparse, lomax, clustered, sharkey, got \"zipf\""),
                arguments("data.lomax-shape = 0", "data.lomax-shape", "expected a number > 0, got 0"),
                arguments("data.topics = 0", "data.topics", "expected an integer >= 1, got 0"),
                arguments("data.topics = 1.5", "data.topics", "expected an integer >= 1, got 1.5"),
                arguments("data.topic-beta = [0.5, 0]", "data.topic-beta",
                        "expected a list of two numbers [a, b], both > 0, got [0.5,0]"),
                arguments("data.topic-beta = [1, 2, 3]", "data.topic-beta",
                        "expected a list of two numbers [a, b], both > 0, got [1,2,3]"),
                arguments("data.topic-beta = 2", "data.topic-beta", "expected a list of two numbers [a, b], both > 0, got 2"),
                arguments("data.topic-concentration = -1", "data.topic-concentration", "expected a number > 0, got -1"),
                arguments("data.probability-decay = 0", "data.probability-decay", "expected a number in (0, 1], got 0"),
                arguments("data.probability-decay = 1.01", "data.probability-decay", "expected a number in (0, 1], got 1.01"),
                arguments("data.mean-active = 0", "data.mean-active", "expected a number > 0, got 0"),
                arguments("data { kind = sharkey, mean-active = 6 }", "data.mean-active",
                        "expected a number in (0, model.features = 5] for data.kind = sharkey, got 6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesNameTheSettingAndTheExpectation(String setting, String path, String expectation) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SweepFiles.load(dir, SweepFiles.MINIMAL + setting + "\n"));
        assertTrue(e.getMessage().contains("test.conf: " + path + ": " + expectation), e.getMessage());
    }

    @Test
    void kindAndItsSettingsAreGriddable() {
        SweepPlan plan = SweepFiles.load(dir, """
                sweep { name = test, experiment = tms, seeds = [0]
                  grid { "data.kind" = [sparse, lomax, clustered, sharkey], "data.topic-beta" = [[1, 1], [0.5, 5]] } }
                """);
        List<DataGenerator> generators = plan.trials().stream().map(t -> t.config().data().generator()).toList();
        assertEquals(List.of(new DataGenerator.Sparse(), new DataGenerator.Sparse(), new DataGenerator.Lomax(3),
                new DataGenerator.Lomax(3), new DataGenerator.Clustered(4, 1, 1, 0.3),
                new DataGenerator.Clustered(4, 0.5, 5, 0.3), new DataGenerator.Sharkey(0.99, 5),
                new DataGenerator.Sharkey(0.99, 5)), generators);
    }

    @Test
    void aGridPointWhoseKindMakesAValueWrongIsRejectedAtThatPoint() {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepFiles.load(dir, """
                sweep { name = test, experiment = tms, seeds = [0], grid { "data.kind" = [sparse, sharkey] } }
                data.mean-active = 7
                """));
        assertTrue(e.getMessage().contains("data.mean-active") && e.getMessage().contains("sharkey"), e.getMessage());
    }
}
