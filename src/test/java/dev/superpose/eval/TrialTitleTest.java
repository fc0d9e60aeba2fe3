package dev.superpose.eval;

import dev.superpose.config.TrialSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Panel and row names: every gridded setting a figure does not show elsewhere, by a short name. */
class TrialTitleTest {
    private static TrialSpec at(Map<String, Object> point) {
        return new TrialSpec("t0003", 3, 1, point, null);
    }

    @Test
    void aRowOfTheSparsityFigureNamesEveryOtherGriddedSetting() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("data.feature-probability", 0.1);
        point.put("data.importance-decay", 0.7);
        point.put("model.variant", "relu-output");
        assertEquals("decay=0.700, variant=relu-output", TrialTitle.without(at(point), Set.of("data.feature-probability")));
        assertEquals("p=0.100, decay=0.700, variant=relu-output", TrialTitle.of(at(point)));
    }

    @Test
    void withoutAGridATrialIsNamedByIdAndSeed() {
        assertEquals("t0003 (seed 1)", TrialTitle.of(at(Map.of())));
        assertEquals("", TrialTitle.without(at(Map.of("data.feature-probability", 0.5)), Set.of("data.feature-probability")));
    }
}
